using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Rest;
using Airwave.Sandbox.Kubernetes.Storage;
using Airwave.Sandbox.Kubernetes.Watch;

namespace Airwave.Sandbox.Kubernetes.Crds;

/// <summary>
/// The apiextensions finalizer: a deleted CRD stays (still serving, refusing new objects) while its custom
/// resources are deleted, each respecting its own finalizers; once none is left the CRD goes.
/// </summary>
internal sealed class CustomResourceCleanup(ResourceService service)
{
    public const string Finalizer = "customresourcecleanup.apiextensions.k8s.io";

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
                // Changed meanwhile; the next event brings us back.
            }
        }
    }

    /// <summary>The CRD that serves objects of this storage, if it is being deleted.</summary>
    public static StoredObject? TerminatingDefinition(ObjectStore store, StorageKey storage) =>
        store.Get(BuiltInResources.CustomResourceDefinitions.StorageKey, new ObjectKey(string.Empty, $"{storage.Resource}.{storage.Group}")) is { IsDeleting: true } crd
            ? crd
            : null;

    private void Handle(StoreEvent change)
    {
        var obj = change.Object;
        if (obj.Storage == BuiltInResources.CustomResourceDefinitions.StorageKey)
        {
            if (change.Type != WatchEventType.Deleted && obj.IsDeleting && obj.Finalizers.Contains(Finalizer))
            {
                Clean(obj);
            }
        }
        else if (change.Type == WatchEventType.Deleted && TerminatingDefinition(service.Store, obj.Storage) is { } crd)
        {
            Clean(crd);
        }
    }

    private void Clean(StoredObject crd)
    {
        var spec = crd.ToJson()["spec"]!;
        var storage = new StorageKey((string)spec["group"]!, (string)spec["names"]!["plural"]!);
        var remaining = service.Store.List(storage, null).Items;
        if (remaining.Count == 0)
        {
            service.RemoveFinalizer(crd, Finalizer);
            return;
        }

        foreach (var item in remaining.Where(o => !o.IsDeleting))
        {
            service.DeleteInBackground(item);
        }
    }
}
