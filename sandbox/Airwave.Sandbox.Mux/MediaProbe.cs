using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Mux;

/// <summary>What ffprobe reads of a media file: its duration, its container, and its video and audio streams (codecs as ffprobe names them).</summary>
internal sealed record MediaInfo(double Duration, int? Width, int? Height, double? FrameRate, int? AudioChannels)
{
    /// <summary>ffprobe's format_name, such as "mov,mp4,m4a,3gp,3g2,mj2".</summary>
    public string? FormatName { get; init; }

    public string? VideoCodec { get; init; }

    public string? AudioCodec { get; init; }

    public int? AudioSampleRate { get; init; }
}

/// <summary>Runs ffprobe on a file, as Mux inspects an input before it encodes it.</summary>
internal static class MediaProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The file's media, or null when ffprobe cannot read it as media.</summary>
    public static async Task<MediaInfo?> ProbeAsync(string file, CancellationToken ct)
    {
        var start = new ProcessStartInfo("ffprobe", ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", file])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffprobe did not start");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await errors;
        if (process.ExitCode != 0 || JsonNode.Parse(await output) is not JsonObject probe)
        {
            return null;
        }

        var streams = (probe["streams"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var video = streams.FirstOrDefault(s => (string?)s["codec_type"] == "video");
        var audio = streams.FirstOrDefault(s => (string?)s["codec_type"] == "audio");
        if (video is null && audio is null)
        {
            return null;
        }

        var duration = double.TryParse((string?)probe["format"]?["duration"], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : 0;
        return new MediaInfo(duration, (int?)video?["width"], (int?)video?["height"], Rate((string?)video?["avg_frame_rate"]), (int?)audio?["channels"])
        {
            FormatName = (string?)probe["format"]?["format_name"],
            VideoCodec = (string?)video?["codec_name"],
            AudioCodec = (string?)audio?["codec_name"],
            AudioSampleRate = int.TryParse((string?)audio?["sample_rate"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var rate) ? rate : null,
        };
    }

    /// <summary>ffprobe's "25/1" or "30000/1001".</summary>
    private static double? Rate(string? fraction)
    {
        var parts = fraction?.Split('/');
        return parts is [var numerator, var denominator]
            && double.TryParse(numerator, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
            && double.TryParse(denominator, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d > 0
            ? Math.Round(n / d, 3)
            : null;
    }
}
