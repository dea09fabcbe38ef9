using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Rest;

/// <summary>The object's final state; Removed is false while finalizers hold it.</summary>
internal sealed record DeleteResult(StoredObject Object, bool Removed);
