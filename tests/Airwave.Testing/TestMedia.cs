namespace Airwave.Testing;

/// <summary>Real media made by ffmpeg for the tests that move video.</summary>
public static class TestMedia
{
    /// <summary>A 640x360 25 fps H.264 video with stereo AAC audio, 2 seconds long by default, as clip.mp4 (clip-<paramref name="seconds"/>s.mp4) in <paramref name="directory"/>.</summary>
    public static async Task<string> ClipAsync(string directory, int seconds = 2)
    {
        var file = Path.Combine(directory, seconds == 2 ? "clip.mp4" : $"clip-{seconds}s.mp4");
        var result = await ProcessRunner.RunAsync("ffmpeg",
        [
            "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", $"testsrc=duration={seconds}:size=640x360:rate=25",
            "-f", "lavfi", "-i", $"sine=frequency=440:duration={seconds}",
            "-ac", "2", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", file,
        ], TimeSpan.FromSeconds(60));
        return result.ExitCode == 0 ? file : throw new InvalidOperationException($"ffmpeg could not make the test clip: {result}");
    }

    /// <summary>
    /// Pushes <paramref name="seconds"/> of a test pattern with a tone and a burnt-in running timecode to an RTMP URL in
    /// real time, as an encoder would (H.264 with a keyframe every second, AAC); the result says whether it got through.
    /// </summary>
    public static Task<ProcessResult> PushRtmpAsync(string url, int seconds) =>
        ProcessRunner.RunAsync("ffmpeg",
        [
            "-hide_banner", "-loglevel", "error", "-re",
            "-f", "lavfi", "-i", $"testsrc2=size=320x240:rate=30,drawtext=text='%{{pts\\:hms}}':fontsize=24:x=10:y=10:fontcolor=white:box=1:boxcolor=black",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", "30", "-keyint_min", "30",
            "-c:a", "aac", "-f", "flv", url,
        ], TimeSpan.FromSeconds(seconds + 60));

    /// <summary>A media file's duration in seconds, as ffprobe reads it.</summary>
    public static async Task<double> DurationAsync(string file)
    {
        var result = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file], TimeSpan.FromSeconds(60));
        return result.ExitCode == 0
            ? double.Parse(result.StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"ffprobe could not read {file}: {result}");
    }

    /// <summary>
    /// What a recording holds, as a viewer would judge it: its codecs (comma-separated where a kind has several streams), how many of its video frames differ (a frozen
    /// picture has one), and how loud its audio is on average (silence is -91 dB; no audio at all, negative infinity).
    /// </summary>
    public static async Task<MediaContent> ContentAsync(string file)
    {
        // JSON: its "streams" lists each stream once, where the CSV form repeats a transport stream's under its program.
        var probe = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_type,codec_name", "-of", "json", file], TimeSpan.FromSeconds(60));
        if (probe.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffprobe could not read {file}: {probe}");
        }

        var codecs = (System.Text.Json.Nodes.JsonNode.Parse(probe.StandardOutput)?["streams"]?.AsArray() ?? [])
            .GroupBy(stream => (string?)stream?["codec_type"] ?? "", StringComparer.Ordinal)
            .ToDictionary(type => type.Key, type => string.Join(",", type.Select(stream => (string?)stream?["codec_name"])), StringComparer.Ordinal);
        var frames = await ProcessRunner.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-i", file, "-map", "0:v:0?", "-f", "framemd5", "-"], TimeSpan.FromSeconds(120));
        var distinct = frames.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith('#'))
            .Select(line => line.Split(',')[^1].Trim())
            .Distinct(StringComparer.Ordinal)
            .Count();
        var volume = await ProcessRunner.RunAsync("ffmpeg", ["-hide_banner", "-i", file, "-map", "0:a:0?", "-af", "volumedetect", "-f", "null", "-"], TimeSpan.FromSeconds(120));
        var mean = volume.StandardError.Split('\n').Select(line => line.Split("mean_volume:")).FirstOrDefault(parts => parts.Length == 2)?[1].Replace("dB", "", StringComparison.Ordinal).Trim();
        return new MediaContent(
            codecs.GetValueOrDefault("video"),
            codecs.GetValueOrDefault("audio"),
            distinct,
            mean is null ? double.NegativeInfinity : double.Parse(mean, System.Globalization.CultureInfo.InvariantCulture));
    }
}
