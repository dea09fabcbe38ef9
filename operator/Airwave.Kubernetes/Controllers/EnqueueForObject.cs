using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.Queue;

namespace Airwave.Kubernetes.Controllers;

/// <summary>Every change to a primary object queues that object.</summary>
internal sealed class EnqueueForObject<T>(WorkQueue<ObjectKey> queue) : IResourceChangeHandler<T>
    where T : KubernetesObject
{
    public void OnAdd(T resource) => queue.Add(ObjectKey.Of(resource));

    public void OnUpdate(T oldResource, T newResource) => queue.Add(ObjectKey.Of(newResource));

    public void OnDelete(T resource) => queue.Add(ObjectKey.Of(resource));
}
