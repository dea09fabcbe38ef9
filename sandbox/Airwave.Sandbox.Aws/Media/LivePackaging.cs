using System.Globalization;

namespace Airwave.Sandbox.Aws.Media;

/// <summary>How a MediaPackage channel's live stream is cut and how long it is kept, from its origin endpoints' settings.</summary>
internal sealed record LivePackaging(int SegmentSeconds, int RetentionSeconds)
{
    /// <summary>MediaPackage's defaults: 6-second segments, a 60-second playlist.</summary>
    public static readonly LivePackaging Default = new(6, 60);

    /// <summary>
    /// ffmpeg's live HLS options: segments kept as long as the longest start-over window (or playlist window) asks; a
    /// new push continues the list after a discontinuity, as MediaPackage's does.
    /// </summary>
    public IReadOnlyList<string> HlsOptions =>
    [
        "-hls_time", SegmentSeconds.ToString(CultureInfo.InvariantCulture),
        "-hls_list_size", ((RetentionSeconds / SegmentSeconds) + 3).ToString(CultureInfo.InvariantCulture),
        "-hls_flags", "delete_segments+append_list+program_date_time+omit_endlist",
    ];
}
