using Airwave.Api.Common;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Conditions;
using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Status;

namespace Airwave.Operator.Planned;

/// <summary>
/// For a kind the API accepts but this version of the operator does not reconcile yet: instead of silence, its
/// Ready condition says so, for the generation the user applied. Nothing else is touched.
/// </summary>
/// <param name="withStatus">The object with these conditions and observedGeneration in its status.</param>
public sealed class NotYetReconciled<T>(
    KubernetesClient client,
    ResourceType type,
    Func<T, ResourceStatus?> status,
    Func<T, IReadOnlyList<Condition>, long?, T> withStatus,
    TimeProvider time) : IReconciler<T>
    where T : KubernetesObject
{
    public const string Reason = "NotImplemented";

    public async Task<ReconcileResult> ReconcileAsync(T resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var generation = resource.Metadata.Generation;
        var conditions = ConditionList.Set(
            status(resource)?.Conditions,
            ConditionTypes.Ready,
            ConditionStatus.False,
            Reason,
            $"This version of Airwave does not reconcile {type.Kind}s yet: the resource is stored, but nothing is provisioned for it.",
            generation,
            time.GetUtcNow());
        await client.UpdateStatusIfChangedAsync(type, resource, withStatus(resource, conditions, generation), cancellationToken);
        return ReconcileResult.Done;
    }
}
