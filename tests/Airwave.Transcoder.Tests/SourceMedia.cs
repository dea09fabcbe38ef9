using System.Globalization;

namespace Airwave.Transcoder.Tests;

/// <summary>Sources made by ffmpeg: a test pattern of a given size and length, with a tone or silent.</summary>
public static class SourceMedia
{
    public static async Task<string> MakeAsync(string directory, int width, int height, int seconds, bool sound = true)
    {
        var file = Path.Combine(directory, $"source-{width}x{height}-{seconds}s{(sound ? "" : "-silent")}.mp4");
        var length = seconds.ToString(CultureInfo.InvariantCulture);
        List<string> arguments = ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", $"testsrc2=size={width}x{height}:rate=25:duration={length}"];
        if (sound)
        {
            arguments.AddRange(["-f", "lavfi", "-i", $"sine=frequency=440:duration={length}", "-c:a", "aac"]);
        }

        arguments.AddRange(["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-shortest", file]);
        var result = await ProcessRunner.RunAsync("ffmpeg", arguments, TimeSpan.FromSeconds(60));
        return result.ExitCode == 0 ? file : throw new InvalidOperationException($"ffmpeg could not make the source: {result}");
    }

    /// <summary>The streams ffprobe finds in a file or playlist: "video 854x480", "audio aac".</summary>
    public static async Task<IReadOnlyList<string>> StreamsAsync(string file)
    {
        var result = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_type,codec_name,width,height", "-of", "csv=p=0", file], TimeSpan.FromSeconds(60));
        return result.ExitCode == 0
            ? [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct()]
            : throw new InvalidOperationException($"ffprobe could not read {file}: {result}");
    }
}
