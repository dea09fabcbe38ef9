using System.Globalization;
using Airwave.Api.VideoAssets;
using Airwave.Mux.Video;

namespace Airwave.Operator.VideoAssets.MuxHosting;

/// <summary>
/// What Mux tells about a processed asset and its input file, in the VideoAsset's status terms. Mux reports no
/// bitrate or file size of an input: where Airwave knows the file's size (a clip's, from its split), the size is that
/// and the bitrate its average over the asset's duration; for a URL or a direct upload both stay unset.
/// </summary>
public static class AssetMetadata
{
    /// <param name="input">The input file as Mux found it; null keeps what <paramref name="before"/> says of it.</param>
    /// <param name="inputBytes">The input file's size where Airwave knows it; null keeps what <paramref name="before"/> says.</param>
    public static VideoMetadata Of(Asset asset, InputFile? input, VideoMetadata? before, long? inputBytes = null)
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
            Format = input?.ContainerFormat ?? before?.Format,
            Codec = input?.Tracks?.FirstOrDefault(t => t.Type == "video")?.Encoding ?? before?.Codec,
            FileSize = inputBytes ?? before?.FileSize,
            Bitrate = inputBytes is { } bytes && asset.Duration is > 0 and var seconds
                ? (long)Math.Round(bytes * 8 / seconds / 1000)
                : before?.Bitrate,
        };
    }
}
