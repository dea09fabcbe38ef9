using Airwave.Api.VideoAssets;

namespace Airwave.Operator.Configuration;

/// <summary>How VideoAssets are hosted.</summary>
public sealed record VideoAssetOptions
{
    /// <summary>
    /// The provider of a VideoAsset that names none, recorded in its status when the operator first takes it, so that
    /// a later change of this default moves no existing video.
    /// </summary>
    public VideoProvider DefaultProvider { get; init; } = VideoProvider.Mux;

    public AwsVideoOptions Aws { get; init; } = new();
}
