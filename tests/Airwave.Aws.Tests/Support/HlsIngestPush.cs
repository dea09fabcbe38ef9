using Airwave.Aws.MediaPackage;

namespace Airwave.Aws.Tests.Support;

/// <summary>HLS made with ffmpeg and pushed to a MediaPackage channel's ingest URL as an encoder pushes it (WebDAV with HTTP Digest).</summary>
internal static class HlsIngestPush
{
    /// <summary>A test pattern and a tone, <paramref name="seconds"/> long in 1-second segments: channel.m3u8 and channel_N.ts in the folder.</summary>
    public static async Task MakeAsync(string folder, int seconds)
    {
        var encoded = await ProcessRunner.RunAsync("ffmpeg",
        [
            "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-f", "lavfi", "-i", "sine",
            "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c:v", "libx264", "-g", "30", "-c:a", "aac", "-f", "hls", "-hls_time", "1", "-hls_list_size", "0",
            "-hls_segment_filename", Path.Combine(folder, "channel_%d.ts"), Path.Combine(folder, "channel.m3u8"),
        ], TimeSpan.FromSeconds(60));
        Assert.True(encoded.ExitCode == 0, encoded.ToString());
    }

    /// <summary>The folder's segments, then the playlist that lists them; each PUT's status.</summary>
    public static async Task<IReadOnlyList<string>> PushAsync(string folder, IngestEndpoint ingest)
    {
        var statuses = new List<string>();
        foreach (var file in new DirectoryInfo(folder).GetFiles("*.ts").Append(new FileInfo(Path.Combine(folder, "channel.m3u8"))))
        {
            statuses.Add((await PutAsync(file.FullName, new Uri(new Uri(ingest.Url), file.Name).ToString(), ingest.Username, ingest.Password)).StandardOutput.Trim());
        }

        return statuses;
    }

    public static Task<ProcessResult> PutAsync(string file, string url, string username, string password) =>
        ProcessRunner.RunAsync("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--digest", "-u", $"{username}:{password}", "-T", file, url], TimeSpan.FromSeconds(30));
}
