using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.Queue;

namespace Airwave.Kubernetes.Controllers;

/// <summary>Every change to a primary object queues that object, updates only when the filter lets them.</summary>
internal sealed class EnqueueForObject<T>(WorkQueue<ObjectKey> queue, Func<KubernetesObject, KubernetesObject, bool>? updateFilter) : IResourceChangeHandler<T>
    where T : KubernetesObject
{
    public void OnAdd(T resource) => queue.Add(ObjectKey.Of(resource));

    public void OnUpdate(T oldResource, T newResource)
    {
        if (updateFilter is null || updateFilter(oldResource, newResource))
        {
            queue.Add(ObjectKey.Of(newResource));
        }
    }

    public void OnDelete(T resource) => queue.Add(ObjectKey.Of(resource));
}
