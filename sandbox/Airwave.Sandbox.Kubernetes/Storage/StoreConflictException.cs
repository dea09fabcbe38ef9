namespace Airwave.Sandbox.Kubernetes.Storage;

/// <summary>The object changed (or appeared, or vanished) since the caller read it.</summary>
internal sealed class StoreConflictException(StoreConflict conflict) : Exception(conflict.ToString())
{
    public StoreConflict Conflict { get; } = conflict;
}
