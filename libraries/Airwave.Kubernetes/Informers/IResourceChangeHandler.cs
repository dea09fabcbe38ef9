using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.Informers;

/// <summary>
/// Told about every change to the informer's cache, in order, on the informer's own loop: keep it quick
/// (enqueue a key) and do not block.
/// </summary>
public interface IResourceChangeHandler<in T>
    where T : KubernetesObject
{
    void OnAdd(T resource);

    void OnUpdate(T oldResource, T newResource);

    /// <summary>After a relist this is the last state the cache knew, as the final state was missed.</summary>
    void OnDelete(T resource);
}
