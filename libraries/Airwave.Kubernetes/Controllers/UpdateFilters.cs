using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.Controllers;

/// <summary>Which updates of a primary object are worth a reconcile (controller-runtime's predicates).</summary>
public static class UpdateFilters
{
    /// <summary>
    /// A change a user or another controller asks for: the spec (metadata.generation moves with it), labels,
    /// annotations, or the deletion. Status-only writes, which are mostly the controller's own, and resyncs of an
    /// unchanged object are skipped; the reconciler's requeues carry the work that waits on time.
    /// </summary>
    public static bool SpecOrMetadataChanged(KubernetesObject oldResource, KubernetesObject newResource)
    {
        ArgumentNullException.ThrowIfNull(oldResource);
        ArgumentNullException.ThrowIfNull(newResource);
        var (was, now) = (oldResource.Metadata, newResource.Metadata);
        return was.Generation != now.Generation
            || was.Generation is null
            || was.DeletionTimestamp != now.DeletionTimestamp
            || !SameEntries(was.Annotations, now.Annotations)
            || !SameEntries(was.Labels, now.Labels);
    }

    private static bool SameEntries(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0) && (a is null || a.All(kv => b!.TryGetValue(kv.Key, out var value) && value == kv.Value));
}
