namespace Airwave.Kubernetes.LeaderElection;

/// <summary>
/// Lease timing as client-go defaults it. RenewDeadline must be shorter than LeaseDuration: the gap is what
/// guarantees a leader that cannot renew has stopped before anyone else may take the lease.
/// </summary>
public sealed record LeaderElectionOptions
{
    public required string LeaseName { get; init; }
    public required string Namespace { get; init; }

    /// <summary>Unique per instance, typically the pod name.</summary>
    public required string Identity { get; init; }

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Give the lease up on shutdown so another instance takes over at once instead of after LeaseDuration.</summary>
    public bool ReleaseOnCancel { get; init; } = true;

    internal void Validate()
    {
        if (RenewDeadline >= LeaseDuration)
        {
            throw new ArgumentException("RenewDeadline must be shorter than LeaseDuration");
        }

        if (RetryPeriod >= RenewDeadline)
        {
            throw new ArgumentException("RetryPeriod must be shorter than RenewDeadline");
        }
    }
}
