using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.Queue;

namespace Airwave.Kubernetes.Controllers;

/// <summary>
/// Every change to a primary object queues that object, updates only when the filter lets them. What the informer's
/// first list finds is queued at low priority: it is there because the process started, not because it changed.
/// </summary>
internal sealed class EnqueueForObject<T>(IInformer informer, WorkQueue<ObjectKey> queue, Func<KubernetesObject, KubernetesObject, bool>? updateFilter) : IResourceChangeHandler<T>
    where T : KubernetesObject
{
    public void OnAdd(T resource) => queue.AddFrom(informer, ObjectKey.Of(resource));

    public void OnUpdate(T oldResource, T newResource)
    {
        if (updateFilter is null || updateFilter(oldResource, newResource))
        {
            queue.Add(ObjectKey.Of(newResource));
        }
    }

    public void OnDelete(T resource) => queue.Add(ObjectKey.Of(resource));
}
