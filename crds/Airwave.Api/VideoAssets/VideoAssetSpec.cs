using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Airwave.Api.Common;
using Airwave.Kubernetes.ApiMachinery.Crds;

namespace Airwave.Api.VideoAssets;

[Description("The desired state of a VideoAsset.")]
public sealed record VideoAssetSpec
{
    [StringLength(255, MinimumLength = 1)]
    public required string Title { get; init; }

    [StringLength(4096)]
    public string? Description { get; init; }

    [Description("Which video provider hosts the asset; the provider's API calls are operator configuration, not code. Unset: the installation's default provider (the chart's config.videoAssets.defaultProvider, Mux unless set), recorded in status.provider when the operator first takes the asset. A provider, once set or recorded, cannot change: make a new VideoAsset to move a video.")]
    public VideoProvider? Provider { get; init; }

    [Description("Where the video comes from; set exactly one of directUpload, url and archiveSplitRef.")]
    public required VideoSource Source { get; init; }

    [Description("Public playback URLs, or Signed URLs minted on request and short-lived.")]
    [DefaultValue(PlaybackPolicy.Public)]
    public PlaybackPolicy PlaybackPolicy { get; init; } = PlaybackPolicy.Public;

    [MaxItems(500)]
    public IReadOnlyList<Chapter> Chapters { get; init; } = [];

    [Description("Delete: deleting the VideoAsset deletes the provider's asset. Retain: the asset stays at the provider.")]
    [DefaultValue(DeletionPolicy.Delete)]
    public DeletionPolicy DeletionPolicy { get; init; } = DeletionPolicy.Delete;
}
