using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.Queue;

namespace Airwave.Operator.NamespaceAccess;

/// <summary>Queues the namespace of an object that came or went (or of a binding that changed) for the access controller.</summary>
internal sealed class EnqueueNamespace<T>(WorkQueue<ObjectKey> queue, bool onUpdate) : IResourceChangeHandler<T>
    where T : KubernetesObject
{
    public void OnAdd(T resource) => Enqueue(resource);

    public void OnUpdate(T oldResource, T newResource)
    {
        if (onUpdate)
        {
            Enqueue(newResource);
        }
    }

    public void OnDelete(T resource) => Enqueue(resource);

    private void Enqueue(T resource)
    {
        if (resource.Metadata.Namespace is { } @namespace)
        {
            queue.Add(new ObjectKey(null, @namespace));
        }
    }
}
