using Airwave.Api.Common;
using Airwave.Api.VideoAssets;
using Airwave.Events.Payloads;
using Airwave.Kubernetes.Conditions;

namespace Airwave.Events.Kubernetes.Resources;

/// <summary>What events about a VideoAsset say of it, whoever publishes them: the operator at a transition, the webhook service at a view.</summary>
public static class VideoAssetPayloads
{
    public static ResourceReference Subject(VideoAsset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        var meta = asset.Metadata;
        return new ResourceReference(ApiGroup.ApiVersion, "videoassets", meta.Namespace!, meta.Name!, meta.Uid!);
    }

    /// <summary>The video metadata payload of the integration (its <c>video_data</c>).</summary>
    public static VideoData VideoData(VideoAsset asset, VideoAssetStatus? status)
    {
        ArgumentNullException.ThrowIfNull(asset);
        var meta = asset.Metadata;
        var facts = status?.Metadata;
        return new VideoData
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
            FilePath = status?.SourceUrl,
            CreatedAt = meta.CreationTimestamp,
            UpdatedAt = (status is null ? null : ConditionList.Find(status.Conditions, ConditionTypes.Ready)?.LastTransitionTime) ?? meta.CreationTimestamp,
            // Absent from the manifest, the list arrives as null, whatever the record's initializer says.
            Chapters = [.. (asset.Spec.Chapters ?? []).Select(c => new VideoChapter { Title = c.Title, StartTime = c.StartTime, EndTime = c.EndTime, Description = c.Description })],
            AssetId = status?.AssetId,
            PlaybackId = status?.PlaybackId,
            PlaybackUrl = status?.PlaybackUrl,
            ThumbnailUrl = status?.ThumbnailUrl,
            Error = status?.Phase == VideoAssetPhase.Errored
                ? ConditionList.Find(status.Conditions, ConditionTypes.Ready)?.Message
                : null,
        };
    }
}
