using System.ComponentModel;

namespace Airwave.Api.VideoAssets;

[Description("A track of the asset as the provider stores it.")]
public sealed record VideoTrack
{
    [Description("video, audio or text.")]
    public required string Type { get; init; }

    [Description("Seconds.")]
    public double? Duration { get; init; }

    [Description("Pixels, for video.")]
    public int? Width { get; init; }

    [Description("Pixels, for video.")]
    public int? Height { get; init; }

    [Description("Frames per second, for video.")]
    public double? FrameRate { get; init; }

    [Description("Audio channels, for audio.")]
    public int? Channels { get; init; }
}
