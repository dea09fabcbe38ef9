using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.Core;

/// <summary>core/v1 Pod, read only: what a controller reports about the pods of its workload.</summary>
public sealed record Pod : KubernetesObject
{
    public PodStatus? Status { get; init; }

    /// <summary>Whether the kubelet reports the pod Ready (every container ready), and it is not being deleted.</summary>
    public bool IsReady =>
        Metadata.DeletionTimestamp is null
        && Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
}

public sealed record PodStatus
{
    public string? PodIP { get; init; }

    public IReadOnlyList<PodCondition>? Conditions { get; init; }
}

public sealed record PodCondition
{
    public required string Type { get; init; }

    public required string Status { get; init; }
}
