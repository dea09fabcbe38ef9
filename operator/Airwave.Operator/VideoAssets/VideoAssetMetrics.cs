using Airwave.Api.VideoAssets;
using Airwave.Kubernetes.Informers;
using Airwave.Operator.Status;
using Prometheus;

namespace Airwave.Operator.VideoAssets;

/// <summary>How many VideoAssets are in each phase, and what each is estimated to cost, read from the informer's cache at scrape time.</summary>
public sealed class VideoAssetMetrics
{
    public VideoAssetMetrics(Informer<VideoAsset> informer, CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(informer);
        ArgumentNullException.ThrowIfNull(registry);
        PhaseGauge.Register(
            registry,
            "airwave_videoassets",
            "VideoAssets by status.phase (Pending before the operator has written one).",
            informer,
            asset => asset.Status?.Phase ?? VideoAssetPhase.Pending);
        CostMetrics.Register(registry, "VideoAsset", informer, asset => asset.Status?.Cost);
    }
}
