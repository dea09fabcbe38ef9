namespace Airwave.Testing;

/// <summary>Real media made by ffmpeg for the tests that move video.</summary>
public static class TestMedia
{
    /// <summary>A 2-second 640x360 25 fps H.264 video with stereo AAC audio, as clip.mp4 in <paramref name="directory"/>.</summary>
    public static async Task<string> ClipAsync(string directory)
    {
        var file = Path.Combine(directory, "clip.mp4");
        var result = await ProcessRunner.RunAsync("ffmpeg",
        [
            "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc=duration=2:size=640x360:rate=25",
            "-f", "lavfi", "-i", "sine=frequency=440:duration=2",
            "-ac", "2", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", file,
        ], TimeSpan.FromSeconds(60));
        return result.ExitCode == 0 ? file : throw new InvalidOperationException($"ffmpeg could not make the test clip: {result}");
    }
}
