using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Crds;

/// <summary>
/// Starts and stops serving custom resources as their CRDs are written and removed. It runs inside the
/// CRD's write, so the resource is in discovery before the client sees the CRD's response.
/// </summary>
internal sealed class CrdServing(ResourceRegistry registry, ObjectStore store)
{
    public void OnWritten(StoredObject crd)
    {
        var json = crd.ToJson();
        var served = CustomResourceDefinitions.ServedResources(json);
        registry.Replace((string)json["spec"]!["group"]!, (string)json["spec"]!["names"]!["plural"]!, served);
    }

    /// <summary>Stops serving the resource and drops its objects, as the apiserver's CRD cleanup does.</summary>
    public void OnRemoved(StoredObject crd)
    {
        var json = crd.ToJson();
        var group = (string)json["spec"]!["group"]!;
        var plural = (string)json["spec"]!["names"]!["plural"]!;
        registry.Replace(group, plural, []);
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
}
