namespace Airwave.Sandbox.Kubernetes.Storage;

/// <summary>
/// A committed change; for Deleted, the object's last state stamped with the deletion's resourceVersion.
/// Modified events carry the previous revision, so a selective watch can tell an object entering or leaving its selection.
/// </summary>
internal sealed record StoreEvent(WatchEventType Type, StoredObject Object, StoredObject? Previous = null);
