namespace Airwave.Sandbox.Kubernetes.Storage;

internal enum StoreConflict
{
    AlreadyExists,
    NotFound,
    ResourceVersionChanged,
}
