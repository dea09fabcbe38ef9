namespace Airwave.Sandbox.Kubernetes.Storage;

/// <summary>A committed change; for Deleted, the object's last state stamped with the deletion's resourceVersion.</summary>
internal sealed record StoreEvent(WatchEventType Type, StoredObject Object);
