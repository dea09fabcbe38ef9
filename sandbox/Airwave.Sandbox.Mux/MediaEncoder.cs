using System.Diagnostics;
using System.Globalization;

namespace Airwave.Sandbox.Mux;

/// <summary>ffmpeg at work for the emulator: the HLS rendition an asset plays as, and thumbnails of its frames.</summary>
internal static class MediaEncoder
{
    public const string Playlist = "rendition.m3u8";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>Encodes the file to one HLS rendition (H.264 and AAC, 2-second segments) in <paramref name="directory"/>; false when ffmpeg fails.</summary>
    public static async Task<bool> EncodeHlsAsync(string file, string directory, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        var (code, _) = await RunAsync(
        [
            "-hide_banner", "-loglevel", "error", "-y", "-i", file,
            "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac",
            "-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod",
            "-hls_segment_filename", Path.Combine(directory, "segment%03d.ts"), Path.Combine(directory, Playlist),
        ], ct);
        return code == 0;
    }

    /// <summary>A PNG or JPEG of the frame at <paramref name="time"/> seconds, scaled to the width and/or height asked for (keeping the aspect ratio).</summary>
    public static async Task<byte[]?> ThumbnailAsync(string file, double time, int? width, int? height, string format, CancellationToken ct)
    {
        var scale = (width, height) switch
        {
            (int w, int h) => $"scale={w}:{h}",
            (int w, null) => $"scale={w}:-2",
            (null, int h) => $"scale=-2:{h}",
            _ => "scale=iw:ih",
        };
        var output = Path.Combine(Path.GetTempPath(), $"airwave-mux-thumbnail-{Guid.NewGuid():N}.{format}");
        try
        {
            var (code, _) = await RunAsync(
            [
                "-hide_banner", "-loglevel", "error", "-y", "-ss", time.ToString(CultureInfo.InvariantCulture), "-i", file,
                "-frames:v", "1", "-vf", scale, output,
            ], ct);
            return code == 0 && File.Exists(output) ? await File.ReadAllBytesAsync(output, ct) : null;
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static async Task<(int Code, string Errors)> RunAsync(IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo("ffmpeg", arguments) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        _ = process.StandardOutput.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await errors);
    }
}
