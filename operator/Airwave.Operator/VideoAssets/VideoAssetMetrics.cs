using Airwave.Api.VideoAssets;
using Airwave.Kubernetes.Informers;
using Prometheus;

namespace Airwave.Operator.VideoAssets;

/// <summary>How many VideoAssets are in each phase, read from the informer's cache at scrape time.</summary>
public sealed class VideoAssetMetrics
{
    private static readonly VideoAssetPhase[] Phases = Enum.GetValues<VideoAssetPhase>();

    public VideoAssetMetrics(Informer<VideoAsset> informer, CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(informer);
        ArgumentNullException.ThrowIfNull(registry);
        var byPhase = Metrics.WithCustomRegistry(registry)
            .CreateGauge("airwave_videoassets", "VideoAssets by status.phase (Pending before the operator has written one).", ["phase"]);
        registry.AddBeforeCollectCallback(() =>
        {
            var counts = informer.Cache.List().GroupBy(a => a.Status?.Phase ?? VideoAssetPhase.Pending).ToDictionary(g => g.Key, g => g.Count());
            foreach (var phase in Phases)
            {
                byPhase.WithLabels(phase.ToString()).Set(counts.GetValueOrDefault(phase));
            }
        });
    }
}
