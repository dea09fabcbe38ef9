using System.ComponentModel;

namespace Airwave.Api.VideoAssets;

public sealed record VideoMetadata
{
    [Description("Container format, such as mp4.")]
    public string? Format { get; init; }

    [Description("Seconds.")]
    public double? Duration { get; init; }

    [Description("Width x height, such as 1920x1080.")]
    public string? Resolution { get; init; }

    [Description("Width:height, such as 16:9.")]
    public string? AspectRatio { get; init; }

    [Description("Frames per second.")]
    public double? Fps { get; init; }

    [Description("Kilobits per second.")]
    public long? Bitrate { get; init; }

    public string? Codec { get; init; }

    [Description("Bytes.")]
    public long? FileSize { get; init; }

    public IReadOnlyList<VideoTrack> Tracks { get; init; } = [];
}
