using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.Client;

/// <summary>
/// One line of a watch stream. Bookmarks carry no object, only the <see cref="ResourceVersion"/> to resume from.
/// ERROR lines are raised as exceptions instead.
/// </summary>
public sealed record WatchEvent<T>(WatchEventType Type, T? Resource, string? ResourceVersion)
    where T : KubernetesObject
{
    public WatchEvent(WatchEventType type, T obj)
        : this(type, obj, obj?.Metadata.ResourceVersion)
    {
    }
}
