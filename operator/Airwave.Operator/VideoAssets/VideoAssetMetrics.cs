using System.Diagnostics.Metrics;
using Airwave.Api.VideoAssets;
using Airwave.Kubernetes.Informers;

namespace Airwave.Operator.VideoAssets;

/// <summary>How many VideoAssets are in each phase (meter "Airwave.Operator"), read from the informer's cache at scrape time.</summary>
public sealed class VideoAssetMetrics : IDisposable
{
    private static readonly VideoAssetPhase[] Phases = Enum.GetValues<VideoAssetPhase>();

    private readonly Meter _meter;

    public VideoAssetMetrics(Informer<VideoAsset> informer, IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(informer);
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(LiveStreams.LiveStreamMetrics.MeterName);
        _meter.CreateObservableGauge("airwave.videoassets", () => CountByPhase(informer.Cache.List()), "{asset}", "VideoAssets by status.phase (Pending before the operator has written one).");
    }

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<int>> CountByPhase(IReadOnlyList<VideoAsset> assets)
    {
        var counts = assets.GroupBy(a => a.Status?.Phase ?? VideoAssetPhase.Pending).ToDictionary(g => g.Key, g => g.Count());
        return Phases.Select(phase => new Measurement<int>(counts.GetValueOrDefault(phase), new KeyValuePair<string, object?>("phase", phase.ToString())));
    }
}
