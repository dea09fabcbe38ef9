using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Airwave.Media.Transcoding;

namespace Airwave.Transcoder.Probing;

/// <summary>What the source is, as ffprobe reads it; a file that is not a video (not media, corrupt, sound alone) fails here.</summary>
public static class SourceProbe
{
    public static async Task<SourceFacts> ReadAsync(string file, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ffprobe", ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", file])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffprobe did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            var said = (await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";

            // ffprobe names the file it read; the user knows it as the source.
            throw new TranscodeException(TranscodeFailureReason.NotAVideo, $"The source is not a video ffmpeg can read: {said.Replace(file, "source", StringComparison.Ordinal)}");
        }

        return Facts(JsonDocument.Parse(await output).RootElement, new FileInfo(file).Length);
    }

    /// <summary>The facts of ffprobe's JSON (-show_format -show_streams) of a file of <paramref name="size"/> bytes.</summary>
    public static SourceFacts Facts(JsonElement probe, long size)
    {
        var streams = probe.TryGetProperty("streams", out var list) ? list.EnumerateArray().ToList() : [];

        // A cover picture (an MP3's album art) is a video stream of one frame: not a video.
        var video = streams.FirstOrDefault(s => Text(s, "codec_type") == "video" && !IsAttachedPicture(s));
        if (video.ValueKind == JsonValueKind.Undefined)
        {
            throw new TranscodeException(TranscodeFailureReason.NotAVideo, "The source has no video stream.");
        }

        var audio = streams.FirstOrDefault(s => Text(s, "codec_type") == "audio");
        var format = probe.GetProperty("format");
        var duration = Number(format, "duration") ?? Number(video, "duration");
        if (duration is not > 0)
        {
            throw new TranscodeException(TranscodeFailureReason.NotAVideo, "The source has no duration: it is a still picture or a stream without an end.");
        }

        var (width, height) = (Integer(video, "width") ?? 0, Integer(video, "height") ?? 0);
        if (width <= 0 || height <= 0)
        {
            throw new TranscodeException(TranscodeFailureReason.NotAVideo, "The source's video has no picture size.");
        }

        if (Math.Abs(Rotation(video)) % 180 == 90)
        {
            (width, height) = (height, width);
        }

        long? bitrate = Number(format, "bit_rate") is { } rate ? (long)rate : null;
        return new SourceFacts(
            duration.Value,
            width,
            height,
            Rate(Text(video, "avg_frame_rate")) ?? Rate(Text(video, "r_frame_rate")),
            bitrate,
            Text(video, "codec_name") ?? "unknown",
            audio.ValueKind == JsonValueKind.Undefined ? null : Text(audio, "codec_name"),
            Text(format, "format_name") ?? "unknown",
            size);
    }

    private static bool IsAttachedPicture(JsonElement stream) =>
        stream.TryGetProperty("disposition", out var disposition) && Integer(disposition, "attached_pic") == 1;

    /// <summary>A phone's portrait video is stored landscape with a rotation to show it by.</summary>
    private static int Rotation(JsonElement video)
    {
        if (video.TryGetProperty("side_data_list", out var sideData))
        {
            foreach (var entry in sideData.EnumerateArray())
            {
                if (Integer(entry, "rotation") is { } degrees)
                {
                    return degrees;
                }
            }
        }

        return video.TryGetProperty("tags", out var tags) && Integer(tags, "rotate") is { } rotate ? rotate : 0;
    }

    /// <summary>A frame rate as ffprobe writes it ("30000/1001"); "0/0" where it does not know.</summary>
    private static double? Rate(string? fraction)
    {
        var parts = (fraction ?? "").Split('/');
        return parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var top)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var bottom)
            && top > 0 && bottom > 0
                ? Math.Round(top / bottom, 3)
                : null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>ffprobe writes most numbers as strings ("12.010667"), sizes as numbers.</summary>
    private static double? Number(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.Number ? value.GetDouble()
        : value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : null;

    private static int? Integer(JsonElement element, string name) => Number(element, name) is { } value ? (int)value : null;
}
