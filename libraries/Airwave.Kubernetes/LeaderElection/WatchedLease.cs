using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.LeaderElection;

/// <summary>A Lease as a follower watches it: who holds it, for how long it counts, and its version.</summary>
public sealed record WatchedLease : KubernetesObject
{
    public WatchedLeaseSpec? Spec { get; init; }

    public bool IsHeld => !string.IsNullOrEmpty(Spec?.HolderIdentity);
}

public sealed record WatchedLeaseSpec(string? HolderIdentity, int? LeaseDurationSeconds);
