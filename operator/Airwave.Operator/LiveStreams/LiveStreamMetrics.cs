using System.Diagnostics.Metrics;
using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.Informers;

namespace Airwave.Operator.LiveStreams;

/// <summary>
/// What a platform team watches about its streams (meter "Airwave.Operator"): how many are in each phase,
/// read from the informer's cache at scrape time, and how long a new stream takes from apply to Running.
/// </summary>
public sealed class LiveStreamMetrics : IDisposable
{
    public const string MeterName = "Airwave.Operator";

    private static readonly LiveStreamPhase[] Phases = Enum.GetValues<LiveStreamPhase>();

    private readonly Meter _meter;
    private readonly Histogram<double> _provisioning;

    public LiveStreamMetrics(Informer<LiveStream> informer, IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(informer);
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(MeterName);
        _meter.CreateObservableGauge("airwave.livestreams", () => CountByPhase(informer.Cache.List()), "{stream}", "LiveStreams by status.phase (Pending before the operator has written one).");
        _provisioning = _meter.CreateHistogram(
            "airwave.livestream.provisioning.duration",
            "s",
            "Time from a LiveStream's creation to its first Running phase.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600] });
    }

    /// <summary>Called when a stream reaches Running for the first time in its life.</summary>
    public void FirstRunning(LiveStream stream, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.Metadata.CreationTimestamp is { } created)
        {
            _provisioning.Record(Math.Max(0, (now - created).TotalSeconds));
        }
    }

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<int>> CountByPhase(IReadOnlyList<LiveStream> streams)
    {
        var counts = streams.GroupBy(s => s.Status?.Phase ?? LiveStreamPhase.Pending).ToDictionary(g => g.Key, g => g.Count());
        return Phases.Select(phase => new Measurement<int>(counts.GetValueOrDefault(phase), new KeyValuePair<string, object?>("phase", phase.ToString())));
    }
}
