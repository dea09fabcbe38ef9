using Airwave.Kubernetes.Queue;

namespace Airwave.Kubernetes.Controllers;

public sealed record ControllerOptions
{
    /// <summary>Names the controller in logs and metrics.</summary>
    public required string Name { get; init; }

    /// <summary>How many objects are reconciled at once; one object is never reconciled twice at once.</summary>
    public int MaxConcurrentReconciles { get; init; } = 1;

    public ExponentialBackoff Backoff { get; init; } = ExponentialBackoff.PerItemDefault;
}
