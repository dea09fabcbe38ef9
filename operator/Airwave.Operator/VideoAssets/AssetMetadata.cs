using System.Globalization;
using Airwave.Api.VideoAssets;
using Airwave.Mux.Video;

namespace Airwave.Operator.VideoAssets;

/// <summary>What Mux tells about a processed asset, in the VideoAsset's status terms.</summary>
public static class AssetMetadata
{
    public static VideoMetadata Of(Asset asset, VideoMetadata? before)
    {
        ArgumentNullException.ThrowIfNull(asset);
        var tracks = (asset.Tracks ?? []).Select(t => new VideoTrack
        {
            Type = t.Type,
            Duration = t.Duration,
            Width = t.MaxWidth,
            Height = t.MaxHeight,
            FrameRate = t.MaxFrameRate,
            Channels = t.MaxChannels,
        }).ToList();
        var video = tracks.FirstOrDefault(t => t.Type == "video");
        return (before ?? new VideoMetadata()) with
        {
            Duration = asset.Duration,
            Resolution = video is { Width: { } width, Height: { } height }
                ? string.Create(CultureInfo.InvariantCulture, $"{width}x{height}")
                : null,
            AspectRatio = asset.AspectRatio,
            Fps = video?.FrameRate ?? asset.MaxStoredFrameRate,
            Tracks = tracks,
        };
    }
}
