using System.ComponentModel;
using Airwave.Api.Common;

namespace Airwave.Api.VideoAssets;

[Description("The observed state of a VideoAsset, written by the operator.")]
public sealed record VideoAssetStatus : ResourceStatus
{
    [Description("Pending: not provisioned yet, or refused (the Ready condition says why). WaitingForUpload: status.uploadUrl waits for the file. Preparing: the provider processes it. Ready: it plays at status.playbackUrl. Errored: the provider could not take or process it (the Ready condition has its words).")]
    public VideoAssetPhase? Phase { get; init; }

    [Description("The provider hosting the asset: spec.provider, or the installation's default when the operator first took the asset.")]
    public VideoProvider? Provider { get; init; }

    [Description("The direct upload, for a VideoAsset whose source is directUpload.")]
    public VideoUpload? Upload { get; init; }

    [Description("Where to PUT the file, while the asset waits for a direct upload.")]
    public string? UploadUrl { get; init; }

    [Description("When uploadUrl stops accepting the upload: status.upload.timesOutAt, or earlier where a renewed URL replaces it by then (read uploadUrl again when an upload is refused as expired).")]
    public DateTimeOffset? UploadUrlExpiresAt { get; init; }

    [Description("For source.url, the URL the current asset was fetched from; for source.archiveSplitRef, the clip's s3:// URL. A different source replaces the asset.")]
    public string? SourceUrl { get; init; }

    [Description("The provider's id of the asset. Provider Aws: where its files are, under the installation's bucket and key prefix.")]
    public string? AssetId { get; init; }

    [Description("While Preparing, how much of the work is done, in percent, where the provider tells (provider Aws: the transcode Job's share of the source done).")]
    public double? Progress { get; init; }

    [Description("Provider Aws: the playback policy the video's files are stored for, under the key prefix of that policy (Signed videos where the distribution asks for signed URLs or cookies). Set with the first source and kept: it cannot change.")]
    public PlaybackPolicy? PlaybackPolicy { get; init; }

    [Description("The provider's playback id.")]
    public string? PlaybackId { get; init; }

    [Description("Public playback URL; for Signed assets the unsigned base that signed URLs extend.")]
    public string? PlaybackUrl { get; init; }

    public string? ThumbnailUrl { get; init; }

    [Description("Facts about the video, once the provider has them.")]
    public VideoMetadata? Metadata { get; init; }

    [Description("Provider Aws: the bytes the video's files (its renditions, playlists and thumbnails) take in S3, once it is ready; its storage cost is counted from them.")]
    public long? StoredBytes { get; init; }

    [Description("What the video is estimated to cost: its encoding once (Mux), and its storage by the hour since it became ready.")]
    public CostStatus? Cost { get; init; }
}
