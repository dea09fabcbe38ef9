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

    /// <summary>
    /// The event as this watcher sees it, or null: a modification that moves an object into the selection is
    /// ADDED, one that moves it out is DELETED, as the apiserver's watch cache reports them.
    /// </summary>
    public StoreEvent? Translate(StoreEvent change)
    {
        var matches = Accepts(change.Object);
        if (change is not { Type: WatchEventType.Modified, Previous: { } previous })
        {
            return matches ? change : null;
        }

        return (Accepts(previous), matches) switch
        {
            (true, true) => change,
            (false, true) => change with { Type = WatchEventType.Added },
            (true, false) => change with { Type = WatchEventType.Deleted },
            _ => null,
        };
    }
}
