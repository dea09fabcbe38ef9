using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Rest;
using Airwave.Sandbox.Kubernetes.Storage;
using Airwave.Sandbox.Kubernetes.Watch;

namespace Airwave.Sandbox.Kubernetes.GarbageCollection;

/// <summary>
/// The kube-controller-manager's garbage collector: deletes objects whose owners are gone (background),
/// deletes dependents before their owner when it carries the foregroundDeletion finalizer, and releases
/// dependents of an owner deleted with the orphan finalizer.
/// </summary>
internal sealed class GarbageCollector(ResourceService service)
{
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
                // The object changed or vanished meanwhile; its next event brings the collector back to it.
            }
        }
    }

    private void Handle(StoreEvent change)
    {
        var obj = change.Object;
        var store = service.Store;
        if (change.Type == WatchEventType.Deleted)
        {
            foreach (var dependent in store.Dependents(obj.Uid))
            {
                ReleaseOrDelete(dependent, obj.Uid);
            }

            foreach (var owner in obj.OwnerUids.Select(store.FindByUid).OfType<StoredObject>())
            {
                FinishForegroundDeletion(owner);
            }

            return;
        }

        if (obj.IsDeleting && obj.Finalizers.Contains(Finalizers.Orphan))
        {
            foreach (var dependent in store.Dependents(obj.Uid))
            {
                service.Mutate(dependent, json => RemoveOwnerReference(json, obj.Uid));
            }

            service.RemoveFinalizer(obj, Finalizers.Orphan);
        }

        if (obj.IsDeleting && obj.Finalizers.Contains(Finalizers.ForegroundDeletion))
        {
            foreach (var dependent in store.Dependents(obj.Uid).Where(d => !d.IsDeleting))
            {
                service.DeleteInBackground(dependent);
            }

            FinishForegroundDeletion(obj);
        }

        if (obj.OwnerUids.Count > 0 && obj.OwnerUids.All(uid => store.FindByUid(uid) is null))
        {
            service.DeleteInBackground(obj);
        }
    }

    private void ReleaseOrDelete(StoredObject dependent, string goneOwnerUid)
    {
        if (dependent.OwnerUids.Any(uid => uid != goneOwnerUid && service.Store.FindByUid(uid) is not null))
        {
            service.Mutate(dependent, json => RemoveOwnerReference(json, goneOwnerUid));
            return;
        }

        service.DeleteInBackground(dependent);
    }

    /// <summary>Lets a foreground deletion finish once no dependent that blocks owner deletion is left.</summary>
    private void FinishForegroundDeletion(StoredObject owner)
    {
        if (owner.IsDeleting && owner.Finalizers.Contains(Finalizers.ForegroundDeletion) && !service.Store.Dependents(owner.Uid).Any(d => BlocksOwnerDeletion(d, owner.Uid)))
        {
            service.RemoveFinalizer(owner, Finalizers.ForegroundDeletion);
        }
    }

    private static bool BlocksOwnerDeletion(StoredObject dependent, string ownerUid) =>
        dependent.ToJson()["metadata"]?["ownerReferences"] is JsonArray references
        && references.Any(r => (string?)r?["uid"] == ownerUid && (bool?)r?["blockOwnerDeletion"] == true);

    private static bool RemoveOwnerReference(JsonObject obj, string ownerUid)
    {
        if (obj["metadata"]?["ownerReferences"] is not JsonArray references)
        {
            return false;
        }

        var gone = references.Where(r => (string?)r?["uid"] == ownerUid).ToList();
        foreach (var reference in gone)
        {
            references.Remove(reference);
        }

        return gone.Count > 0;
    }
}
