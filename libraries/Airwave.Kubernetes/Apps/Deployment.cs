using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.Apps;

/// <summary>
/// apps/v1 Deployment, read for what an operator that writes it with server-side apply (as JSON) needs back: its
/// metadata and the replicas it was last given.
/// </summary>
public sealed record Deployment : KubernetesObject
{
    public DeploymentSpec? Spec { get; init; }
}

public sealed record DeploymentSpec
{
    public int? Replicas { get; init; }
}
