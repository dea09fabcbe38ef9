using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.Apps;

/// <summary>
/// apps/v1 Deployment, the fields an operator that runs a workload sets and reads. The pod template stays JSON: the
/// operator writes it whole and tells a changed one by a hash it keeps in an annotation, never by reading it back.
/// </summary>
public sealed record Deployment : KubernetesObject
{
    public DeploymentSpec? Spec { get; init; }

    public DeploymentStatus? Status { get; init; }
}

public sealed record DeploymentSpec
{
    public int? Replicas { get; init; }

    public required LabelSelector Selector { get; init; }

    public required JsonObject Template { get; init; }

    public JsonObject? Strategy { get; init; }

    public int? RevisionHistoryLimit { get; init; }
}

public sealed record DeploymentStatus
{
    public long? ObservedGeneration { get; init; }

    public int? Replicas { get; init; }

    public int? UpdatedReplicas { get; init; }

    public int? ReadyReplicas { get; init; }

    public int? AvailableReplicas { get; init; }
}
