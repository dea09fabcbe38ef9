using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.LeaderElection;

/// <summary>coordination.k8s.io/v1 Lease.</summary>
public sealed record Lease : KubernetesObject
{
    public LeaseSpec Spec { get; init; } = new();
}
