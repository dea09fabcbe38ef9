using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Watch;

/// <summary>Which events a watcher receives: one resource (or all), one namespace (or all), and a selector.</summary>
internal sealed record WatchFilter(StorageKey? Storage, string? Namespace, Func<StoredObject, bool>? Selector)
{
    public static WatchFilter Everything { get; } = new(null, null, null);

    public bool Accepts(StoredObject obj) =>
        (Storage is not { } storage || storage == obj.Storage)
        && (string.IsNullOrEmpty(Namespace) || Namespace == obj.Key.Namespace)
        && (Selector is null || Selector(obj));
}
