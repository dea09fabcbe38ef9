using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.Informers;
using Airwave.Operator.Configuration;
using Airwave.Operator.Spending;
using Airwave.Operator.Status;
using Prometheus;

namespace Airwave.Operator.LiveStreams;

/// <summary>
/// What a platform team watches about its streams: how many are in each phase, read from the informer's cache at
/// scrape time, what each is estimated to cost and what each namespace spent this month, and how long a new stream
/// takes from apply to Running.
/// </summary>
public sealed class LiveStreamMetrics
{
    private readonly Histogram _provisioning;

    public LiveStreamMetrics(Informer<LiveStream> informer, CollectorRegistry registry, NamespaceSpend spending, OperatorOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(informer);
        ArgumentNullException.ThrowIfNull(registry);
        PhaseGauge.Register(
            registry,
            "airwave_livestreams",
            "LiveStreams by status.phase (Pending before the operator has written one).",
            informer,
            stream => stream.Status?.Phase ?? LiveStreamPhase.Pending);
        CostMetrics.Register(registry, "LiveStream", informer, stream => stream.Status?.Cost);
        NamespaceSpendMetrics.Register(registry, spending, options, time);
        _provisioning = Metrics.WithCustomRegistry(registry).CreateHistogram(
            "airwave_livestream_provisioning_duration_seconds",
            "Time from a LiveStream's creation to its first Running phase.",
            new HistogramConfiguration { Buckets = [1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600] });
    }

    /// <summary>Called when a stream reaches Running for the first time in its life.</summary>
    public void FirstRunning(LiveStream stream, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.Metadata.CreationTimestamp is { } created)
        {
            _provisioning.Observe(Math.Max(0, (now - created).TotalSeconds));
        }
    }
}
