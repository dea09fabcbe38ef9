using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.Informers;
using Prometheus;

namespace Airwave.Operator.LiveStreams;

/// <summary>
/// What a platform team watches about its streams: how many are in each phase, read from the informer's cache at
/// scrape time, and how long a new stream takes from apply to Running.
/// </summary>
public sealed class LiveStreamMetrics
{
    private static readonly LiveStreamPhase[] Phases = Enum.GetValues<LiveStreamPhase>();

    private readonly Histogram _provisioning;

    public LiveStreamMetrics(Informer<LiveStream> informer, CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(informer);
        ArgumentNullException.ThrowIfNull(registry);
        var metrics = Metrics.WithCustomRegistry(registry);
        var byPhase = metrics.CreateGauge("airwave_livestreams", "LiveStreams by status.phase (Pending before the operator has written one).", ["phase"]);
        registry.AddBeforeCollectCallback(() => CountByPhase(byPhase, informer.Cache.List()));
        _provisioning = metrics.CreateHistogram(
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

    private static void CountByPhase(Gauge byPhase, IReadOnlyList<LiveStream> streams)
    {
        var counts = streams.GroupBy(s => s.Status?.Phase ?? LiveStreamPhase.Pending).ToDictionary(g => g.Key, g => g.Count());
        foreach (var phase in Phases)
        {
            byPhase.WithLabels(phase.ToString()).Set(counts.GetValueOrDefault(phase));
        }
    }
}
