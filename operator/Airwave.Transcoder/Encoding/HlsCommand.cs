using System.Globalization;
using Airwave.Media.Transcoding;

namespace Airwave.Transcoder.Encoding;

/// <summary>
/// The one ffmpeg run that makes every rendition and the stills: the source decoded once, its picture split and
/// scaled per rendition (H.264 with a keyframe every two seconds in every rendition, so players switch between them at
/// any segment), AAC from its sound where it has any, an HLS master playlist, and a still every interval.
/// </summary>
public static class HlsCommand
{
    /// <summary>Where in the work directory a rendition's segments are written before they are packed into parts.</summary>
    public static string SegmentPattern(string directory) => Path.Combine(directory, "segments", "%v_%05d.ts");

    public static IReadOnlyList<string> Arguments(string source, SourceFacts facts, IReadOnlyList<PlannedRendition> renditions, double thumbnailInterval, int maxThumbnails, int segmentSeconds, string directory)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(renditions);
        var hasAudio = facts.AudioCodec is not null;
        var count = renditions.Count;
        var outputs = string.Concat(Enumerable.Range(0, count).Select(i => $"[s{i}]"));
        var scales = renditions.Select((r, i) => $";[s{i}]scale={r.Width}:{r.Height}[v{i}]");
        var stills = $";[t]select='isnan(prev_selected_t)+gte(t-prev_selected_t,{Number(thumbnailInterval)})',scale=-2:360[th]";
        var graph = $"[0:v:0]split={count + 1}{outputs}[t]{string.Concat(scales)}{stills}";

        var arguments = new List<string>
        {
            "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
            "-progress", "pipe:1",
            "-i", source,
            "-filter_complex", graph,
        };
        for (var i = 0; i < count; i++)
        {
            arguments.AddRange(["-map", $"[v{i}]"]);
            if (hasAudio)
            {
                arguments.AddRange(["-map", "0:a:0"]);
            }
        }

        arguments.AddRange(["-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-pix_fmt", "yuv420p", "-force_key_frames", "expr:gte(t,n_forced*2)"]);
        for (var i = 0; i < count; i++)
        {
            var rendition = renditions[i].Rendition;
            var index = i.ToString(CultureInfo.InvariantCulture);
            arguments.AddRange([
                $"-b:v:{index}", Kbps(rendition.VideoKbps),
                $"-maxrate:v:{index}", Kbps(rendition.VideoKbps * 11 / 10),
                $"-bufsize:v:{index}", Kbps(rendition.VideoKbps * 2),
            ]);
            if (hasAudio)
            {
                arguments.AddRange([$"-b:a:{index}", Kbps(rendition.AudioKbps)]);
            }
        }

        if (hasAudio)
        {
            arguments.AddRange(["-c:a", "aac", "-ac", "2"]);
        }

        var streams = renditions.Select((r, i) => hasAudio ? $"v:{i},a:{i},name:{r.Rendition.Name}" : $"v:{i},name:{r.Rendition.Name}");
        arguments.AddRange([
            "-f", "hls", "-hls_time", segmentSeconds.ToString(CultureInfo.InvariantCulture), "-hls_playlist_type", "vod",
            "-hls_segment_filename", SegmentPattern(directory),
            "-master_pl_name", TranscodeOutputs.Master,
            "-var_stream_map", string.Join(' ', streams),
            Path.Combine(directory, "%v.m3u8"),
            "-map", "[th]", "-fps_mode", "vfr", "-frames:v", maxThumbnails.ToString(CultureInfo.InvariantCulture),
            "-q:v", "4", "-start_number", "0", "-f", "image2", Path.Combine(directory, "thumbnails", "%03d.jpg"),
        ]);
        return arguments;
    }

    /// <summary>
    /// The interval between stills: the one asked for, or wider, so that a long source gets no more than the most
    /// asked for.
    /// </summary>
    public static double ThumbnailInterval(double asked, int maxThumbnails, double duration) =>
        Math.Max(asked, Math.Ceiling(duration / maxThumbnails));

    private static string Kbps(int value) => $"{value.ToString(CultureInfo.InvariantCulture)}k";

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
