using System.Diagnostics;
using System.Globalization;

namespace Airwave.Sandbox.Mux;

/// <summary>ffmpeg at work for the emulator: the HLS ladder an asset plays as, and thumbnails of its frames.</summary>
internal static class MediaEncoder
{
    /// <summary>The multivariant playlist ffmpeg writes beside the renditions.</summary>
    public const string MasterPlaylist = "master.m3u8";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>The heights of the ladder and each one's video bitrate, as an adaptive ladder for the web steps them.</summary>
    private static readonly (int Height, int Kbps)[] Ladder = [(1080, 5000), (720, 2800), (480, 1400), (360, 800), (240, 400)];

    /// <summary>
    /// Encodes the file as Mux serves an asset: an HLS ladder (H.264 and AAC, 2-second segments) of up to three
    /// renditions no taller than the source, its multivariant playlist <see cref="MasterPlaylist"/> listing each one's
    /// bandwidth and resolution, so that players switch quality. False when ffmpeg fails.
    /// </summary>
    public static async Task<bool> EncodeHlsAsync(string file, MediaInfo media, string directory, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(media);
        Directory.CreateDirectory(directory);
        var height = media.Height ?? 0;
        var rungs = Ladder.Where(r => r.Height <= height).Take(3).ToList();
        if (rungs.Count == 0 && media.Height is { } small)
        {
            rungs.Add((small - (small % 2), Ladder[^1].Kbps));
        }

        var audio = media.AudioChannels is > 0;
        var arguments = new List<string> { "-hide_banner", "-loglevel", "error", "-y", "-i", file };
        if (rungs.Count > 0)
        {
            var scaled = string.Join(';', rungs.Select((r, i) => $"[v{i}]scale=-2:{r.Height}[o{i}]"));
            arguments.AddRange(["-filter_complex", $"[0:v]split={rungs.Count}{string.Concat(rungs.Select((_, i) => $"[v{i}]"))};{scaled}"]);
            for (var i = 0; i < rungs.Count; i++)
            {
                arguments.AddRange(["-map", $"[o{i}]"]);
                if (audio)
                {
                    arguments.AddRange(["-map", "0:a:0"]);
                }

                var kbps = rungs[i].Kbps.ToString(CultureInfo.InvariantCulture);
                arguments.AddRange([$"-b:v:{i}", $"{kbps}k", $"-maxrate:v:{i}", $"{kbps}k", $"-bufsize:v:{i}", $"{rungs[i].Kbps * 2}k"]);
            }

            arguments.AddRange(["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", "50", "-sc_threshold", "0"]);
        }
        else
        {
            arguments.AddRange(["-map", "0:a:0"]);
        }

        if (audio)
        {
            arguments.AddRange(["-c:a", "aac", "-b:a", "128k"]);
        }

        var streams = rungs.Count > 0
            ? string.Join(' ', rungs.Select((_, i) => audio ? $"v:{i},a:{i}" : $"v:{i}"))
            : "a:0";
        arguments.AddRange(
        [
            "-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod", "-var_stream_map", streams, "-master_pl_name", MasterPlaylist,
            "-hls_segment_filename", Path.Combine(directory, "rendition_%v_%03d.ts"), Path.Combine(directory, "rendition_%v.m3u8"),
        ]);
        var (code, _) = await RunAsync(arguments, ct);
        return code == 0 && File.Exists(Path.Combine(directory, MasterPlaylist));
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
