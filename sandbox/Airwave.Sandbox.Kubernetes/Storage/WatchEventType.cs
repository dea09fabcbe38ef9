namespace Airwave.Sandbox.Kubernetes.Storage;

internal enum WatchEventType
{
    Added,
    Modified,
    Deleted,
}
