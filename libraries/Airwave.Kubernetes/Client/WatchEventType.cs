namespace Airwave.Kubernetes.Client;

public enum WatchEventType
{
    Added,
    Modified,
    Deleted,

    /// <summary>Carries only a newer resourceVersion to resume from, not an object change.</summary>
    Bookmark,
}
