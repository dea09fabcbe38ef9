using System.Globalization;
using Airwave.Api.VideoAssets;
using Airwave.Media.Transcoding;

namespace Airwave.Operator.VideoAssets.AwsHosting;

/// <summary>What the transcode Job read of a source (ffprobe's facts) and made of it, in the VideoAsset's status terms.</summary>
public static class VideoFacts
{
    public static VideoMetadata Of(SourceFacts source, IReadOnlyList<RenditionMade> renditions)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(renditions);
        var divisor = Gcd(source.Width, source.Height);
        var tracks = renditions.Select(r => new VideoTrack { Type = "video", Duration = source.DurationSeconds, Width = r.Width, Height = r.Height, FrameRate = source.FrameRate }).ToList();
        if (source.AudioCodec is not null)
        {
            tracks.Add(new VideoTrack { Type = "audio", Duration = source.DurationSeconds, Channels = 2 });
        }

        return new VideoMetadata
        {
            Format = source.Format,
            Duration = Math.Round(source.DurationSeconds, 3),
            Resolution = string.Create(CultureInfo.InvariantCulture, $"{source.Width}x{source.Height}"),
            AspectRatio = string.Create(CultureInfo.InvariantCulture, $"{source.Width / divisor}:{source.Height / divisor}"),
            Fps = source.FrameRate,
            Bitrate = source.BitsPerSecond is { } bits ? (long)Math.Round(bits / 1000.0) : null,
            Codec = source.VideoCodec,
            FileSize = source.SizeBytes,
            Tracks = tracks,
        };
    }

    private static int Gcd(int a, int b) => b == 0 ? Math.Max(a, 1) : Gcd(b, a % b);
}
