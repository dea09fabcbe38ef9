using Airwave.Api.VideoAssets;
using Airwave.Events;
using Airwave.Events.Kubernetes.Resources;
using Airwave.Events.Payloads;

namespace Airwave.Operator.VideoAssets;

/// <summary>A VideoAsset's transitions as downstream events, carrying the video metadata payload of the earlier integration.</summary>
public static class VideoAssetEvents
{
    /// <param name="occurrence">Tells repeats of the transition apart (the asset id); empty for once-only ones.</param>
    public static ResourceEvent Create(VideoAsset asset, VideoAssetStatus? status, string type, string occurrence, DateTimeOffset now) =>
        ResourceEvent.Create(type, VideoAssetPayloads.Subject(asset), occurrence, now, new VideoEvent
        {
            EventType = VideoEventTypes.For(type),
            Timestamp = now,
            VideoData = VideoAssetPayloads.VideoData(asset, status),
        });
}
