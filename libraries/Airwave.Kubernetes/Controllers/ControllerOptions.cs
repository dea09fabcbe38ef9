using Airwave.Configuration;
using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.Controllers;

public sealed record ControllerOptions
{
    /// <summary>Names the controller in logs and metrics.</summary>
    public required string Name { get; init; }

    /// <summary>How many objects are reconciled at once; one object is never reconciled twice at once.</summary>
    public int MaxConcurrentReconciles { get; init; } = 1;

    public ExponentialBackoff Backoff { get; init; } = ExponentialBackoff.PerItemDefault;

    /// <summary>
    /// Failures that are answers rather than bugs, beyond the Kubernetes API's own errors and network failures
    /// (e.g. a cloud API's error responses): they are retried and logged as one line, without a stack trace.
    /// </summary>
    public Func<Exception, bool> IsExpectedFailure { get; init; } = _ => false;

    /// <summary>
    /// Whether an update of a primary object (old, new) queues it; null queues every update. Creates, deletes and
    /// changes of owned objects always do. See <see cref="UpdateFilters"/>.
    /// </summary>
    public Func<KubernetesObject, KubernetesObject, bool>? UpdateFilter { get; init; }
}
