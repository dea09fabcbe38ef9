using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Crds;

/// <summary>
/// Starts and stops serving custom resources as their CRDs are written and removed. It runs inside the
/// CRD's write, so the resource is in discovery before the client sees the CRD's response. What is served follows
/// the CRD as stored when it runs, one write at a time: two writes of a CRD finishing out of order (its deletion
/// marked by a client while the cleanup removes it) leave it served as it last is, not as the slower write saw it.
/// </summary>
internal sealed class CrdServing(ResourceRegistry registry, ObjectStore store)
{
    private readonly Lock _lock = new();

    public void OnWritten(StoredObject crd) => Serve(crd);

    /// <summary>Stops serving the resource and drops its objects, as the apiserver's CRD cleanup does.</summary>
    public void OnRemoved(StoredObject crd)
    {
        var (group, plural) = Serve(crd);
        var storage = new StorageKey(group, plural);
        for (var round = 0; round < 10 && store.List(storage, null).Items is { Count: > 0 } items; round++)
        {
            foreach (var item in items)
            {
                try
                {
                    store.Delete(storage, item.ToJson(), item.ResourceVersion);
                }
                catch (StoreConflictException)
                {
                    // Changed by a concurrent writer: the next round removes its newer revision.
                }
            }
        }
    }

    /// <summary>Serves the versions the CRD now stored serves (none once it is gone); returns its group and plural.</summary>
    private (string Group, string Plural) Serve(StoredObject crd)
    {
        var json = crd.ToJson();
        var group = (string)json["spec"]!["group"]!;
        var plural = (string)json["spec"]!["names"]!["plural"]!;
        lock (_lock)
        {
            var current = store.Get(crd.Storage, crd.Key);
            registry.Replace(group, plural, current is null ? [] : CustomResourceDefinitions.ServedResources(current.ToJson()));
        }

        return (group, plural);
    }
}
