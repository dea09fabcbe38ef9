namespace Airwave.Mux.Tests;

/// <summary>Real media made with ffmpeg for the tests: a 2-second 640x360 clip at 25 fps with stereo sound.</summary>
internal static class TestMedia
{
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
        Assert.True(result.ExitCode == 0, $"ffmpeg could not make the test clip: {result}");
        return file;
    }
}
