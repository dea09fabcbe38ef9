using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Core;
using Airwave.Kubernetes.Finalizers;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.Rbac;

namespace Airwave.Operator.NamespaceAccess;

/// <summary>
/// Grants the operator its writes (Secrets, Deployments, Jobs, Events, ...) in a namespace exactly while the
/// namespace holds a LiveStream, VideoAsset or ArchiveSplit, by a RoleBinding of the operator's namespace
/// ClusterRole, so that a compromised operator pod cannot write in any other namespace. Runs apart from the operator,
/// with its own ServiceAccount, which may bind that one ClusterRole and nothing else.
/// </summary>
internal sealed class NamespaceAccessReconciler(
    KubernetesClient client,
    NamespaceAccessOptions options,
    Informer<RoleBinding> bindings,
    IReadOnlyList<Informer<PartialObjectMetadata>> airwaveObjects) : IReconciler<Namespace>
{
    public async Task<ReconcileResult> ReconcileAsync(Namespace resource, CancellationToken cancellationToken)
    {
        var name = resource.Metadata.Name ?? throw new ArgumentException("the namespace has no name", nameof(resource));
        var binding = bindings.Cache.Get(new ObjectKey(name, options.BindingName));
        if (!airwaveObjects.Any(informer => informer.Cache.ListByNamespace(name).Count > 0))
        {
            if (binding is not null)
            {
                await RevokeAsync(binding, cancellationToken);
            }

            return ReconcileResult.Done;
        }

        // A namespace being deleted takes no new objects: the streams there are torn down on the binding it kept.
        var terminating = resource.Metadata.DeletionTimestamp is not null;
        var wanted = Wanted(name);
        if (binding is null)
        {
            if (!terminating)
            {
                await client.CreateAsync(ResourceType.RoleBindings, wanted, cancellationToken);
            }
        }
        else if (binding.RoleRef != wanted.RoleRef || !(binding.Subjects ?? []).SequenceEqual(wanted.Subjects!)
            || (binding.Metadata.DeletionTimestamp is not null && !await TerminatingAsync(name, terminating, cancellationToken)))
        {
            // Changed or deleted by hand (roleRef cannot change): the deletion's event brings the namespace back here,
            // to make it again as it should be.
            await RevokeAsync(binding, cancellationToken);
        }
        else if (binding.Metadata.DeletionTimestamp is null)
        {
            await client.AddFinalizerAsync(ResourceType.RoleBindings, binding, NamespaceAccessOptions.Finalizer, cancellationToken);
        }

        return ReconcileResult.Done;
    }

    /// <summary>
    /// Whether the namespace is being deleted. The cached namespace may lag the binding's own watch: a binding whose
    /// deletion arrived first would pass for one deleted by hand, and lose its finalizer while the namespace's streams
    /// still need it. The API server marks a namespace terminating before it deletes anything in it, so a fresh read
    /// tells the two apart.
    /// </summary>
    private async Task<bool> TerminatingAsync(string name, bool cached, CancellationToken cancellationToken) =>
        cached || (await client.TryGetAsync<Namespace>(ResourceType.Namespaces, null, name, cancellationToken))?.Metadata.DeletionTimestamp is not null;

    private async Task RevokeAsync(RoleBinding binding, CancellationToken cancellationToken)
    {
        var removed = await client.RemoveFinalizerAsync(ResourceType.RoleBindings, binding, NamespaceAccessOptions.Finalizer, cancellationToken);
        if (removed.Metadata.DeletionTimestamp is null)
        {
            await client.DeleteAsync(
                ResourceType.RoleBindings,
                binding.Metadata.Namespace,
                options.BindingName,
                cancellationToken,
                new DeleteOptions { Preconditions = new Preconditions { Uid = binding.Metadata.Uid } });
        }
    }

    private RoleBinding Wanted(string @namespace) => new()
    {
        ApiVersion = ResourceType.RoleBindings.ApiVersion,
        Kind = ResourceType.RoleBindings.Kind,
        Metadata = new()
        {
            Name = options.BindingName,
            Namespace = @namespace,
            Labels = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["app.kubernetes.io/managed-by"] = "airwave",
                [NamespaceAccessOptions.OwnerLabel] = options.BindingName,
            },
            Finalizers = [NamespaceAccessOptions.Finalizer],
        },
        RoleRef = new RoleRef("rbac.authorization.k8s.io", "ClusterRole", options.ClusterRole),
        Subjects = [new Subject("ServiceAccount", options.ServiceAccountName) { Namespace = options.ServiceAccountNamespace }],
    };
}
