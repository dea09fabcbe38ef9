using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Rest;
using Airwave.Sandbox.Kubernetes.Storage;
using Airwave.Sandbox.Kubernetes.Watch;

namespace Airwave.Sandbox.Kubernetes.GarbageCollection;

/// <summary>
/// The namespace controller: a Terminating namespace has its content deleted, and disappears once
/// nothing is left in it (objects with finalizers keep it Terminating until their finalizers are removed).
/// </summary>
internal sealed class NamespaceLifecycle(ResourceService service)
{
    private readonly HashSet<string> _terminating = new(StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken ct)
    {
        using var subscription = service.Store.Watch(WatchFilter.Everything, service.Store.ResourceVersion);
        await foreach (var change in subscription.Events.ReadAllAsync(ct))
        {
            try
            {
                Handle(change);
            }
            catch (ApiException)
            {
                // The namespace or its content changed meanwhile; the next event brings us back.
            }
        }
    }

    private void Handle(StoreEvent change)
    {
        var obj = change.Object;
        if (obj.Storage == BuiltInResources.Namespaces.StorageKey)
        {
            if (change.Type == WatchEventType.Deleted)
            {
                _terminating.Remove(obj.Key.Name);
            }
            else if (obj.IsDeleting && _terminating.Add(obj.Key.Name))
            {
                Empty(obj);
            }

            return;
        }

        if (_terminating.Contains(obj.Key.Namespace)
            && service.Store.Get(BuiltInResources.Namespaces.StorageKey, new ObjectKey(string.Empty, obj.Key.Namespace)) is { } ns)
        {
            Empty(ns);
        }
    }

    private void Empty(StoredObject ns)
    {
        var content = service.Store.InNamespace(ns.Key.Name);
        if (content.Count == 0)
        {
            service.Purge(ns);
            return;
        }

        foreach (var obj in content.Where(o => !o.IsDeleting))
        {
            service.DeleteInBackground(obj);
        }
    }
}
