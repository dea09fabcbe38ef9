using Airwave.Api.Common;
using Airwave.Api.VideoAssets;
using Airwave.Events;
using Airwave.Kubernetes.Conditions;
using Airwave.Operator.Kubernetes;
using Airwave.Operator.Payloads;

namespace Airwave.Operator.VideoAssets;

/// <summary>A VideoAsset's transitions as downstream events, carrying the video metadata payload of the earlier integration.</summary>
public static class VideoAssetEvents
{
    /// <param name="occurrence">Tells repeats of the transition apart (the asset id); empty for once-only ones.</param>
    public static ResourceEvent Create(VideoAsset asset, VideoAssetStatus? status, string type, string occurrence, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(asset);
        var meta = asset.Metadata;
        var subject = new ResourceReference(AirwaveResources.VideoAssets.ApiVersion, AirwaveResources.VideoAssets.Plural, meta.Namespace!, meta.Name!, meta.Uid!);
        var facts = status?.Metadata;
        return ResourceEvent.Create(type, subject, occurrence, now, new VideoEvent
        {
            EventType = VideoEventTypes.For(type),
            Timestamp = now,
            VideoData = new VideoData
            {
                VideoId = meta.Uid!,
                Name = meta.Name!,
                Namespace = meta.Namespace!,
                Title = asset.Spec.Title,
                Description = asset.Spec.Description,
                Status = status?.Phase?.ToString(),
                Duration = facts?.Duration,
                FileSize = facts?.FileSize,
                Format = facts?.Format,
                Resolution = facts?.Resolution,
                Fps = facts?.Fps,
                Bitrate = facts?.Bitrate,
                Codec = facts?.Codec,
                // Absent from the manifest, the list arrives as null, whatever the record's initializer says.
                Chapters = [.. (asset.Spec.Chapters ?? []).Select(c => new VideoChapter { Title = c.Title, StartTime = c.StartTime, EndTime = c.EndTime, Description = c.Description })],
                AssetId = status?.AssetId,
                PlaybackId = status?.PlaybackId,
                PlaybackUrl = status?.PlaybackUrl,
                ThumbnailUrl = status?.ThumbnailUrl,
                Error = status?.Phase == VideoAssetPhase.Errored
                    ? ConditionList.Find(status.Conditions, ConditionTypes.Ready)?.Message
                    : null,
            },
        });
    }
}
