using Airwave.Configuration;
using Airwave.Kubernetes.Metrics;

namespace Airwave.Kubernetes.Queue;

public sealed record WorkQueueOptions
{
    /// <summary>Names the queue in metrics.</summary>
    public string Name { get; init; } = "default";

    public ExponentialBackoff Backoff { get; init; } = ExponentialBackoff.PerItemDefault;
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
    public KubernetesMetrics Metrics { get; init; } = KubernetesMetrics.Unexported;
}
