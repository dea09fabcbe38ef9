using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.Queue;

namespace Airwave.Kubernetes.Controllers;

/// <summary>
/// A change to an owned object (a pod, a job) queues the object that controls it; what the owned objects' informer
/// first lists queues it at low priority, as <see cref="EnqueueForObject{T}"/> does.
/// </summary>
internal sealed class EnqueueForOwner<TOwned>(IInformer owned, WorkQueue<ObjectKey> queue, ResourceType ownerType) : IResourceChangeHandler<TOwned>
    where TOwned : KubernetesObject
{
    public void OnAdd(TOwned resource) => EnqueueOwner(resource);

    public void OnUpdate(TOwned oldResource, TOwned newResource)
    {
        // If the controller reference changed, both the old and the new owner need to know.
        EnqueueOwner(oldResource);
        EnqueueOwner(newResource);
    }

    public void OnDelete(TOwned resource) => EnqueueOwner(resource);

    private void EnqueueOwner(TOwned resource)
    {
        var owner = resource.Metadata.OwnerReferences?.FirstOrDefault(r => r.Controller == true);
        if (owner is not null && owner.Kind == ownerType.Kind && owner.ApiVersion == ownerType.ApiVersion)
        {
            // Owner references never cross namespaces; a cluster-scoped owner has none.
            queue.AddFrom(owned, new ObjectKey(ownerType.Namespaced ? resource.Metadata.Namespace : null, owner.Name));
        }
    }
}
