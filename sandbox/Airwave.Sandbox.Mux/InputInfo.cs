using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Mux;

/// <summary>
/// An asset's input as `GET /video/v1/assets/{id}/input-info` describes it: the settings it was made with and, once
/// inspected, its file's container and tracks in Mux's words ("mp4", "h.264"), here from ffprobe's reading.
/// </summary>
internal static class InputInfo
{
    public static JsonObject Of(string? url, MediaInfo? media)
    {
        var input = new JsonObject { ["settings"] = url is null ? new JsonObject() : new JsonObject { ["url"] = url } };
        if (media is null)
        {
            return input;
        }

        var tracks = new JsonArray();
        if (media.Width is not null)
        {
            tracks.Add(new JsonObject
            {
                ["type"] = "video",
                ["duration"] = media.Duration,
                ["width"] = media.Width,
                ["height"] = media.Height,
                ["frame_rate"] = media.FrameRate,
                ["encoding"] = Encoding(media.VideoCodec),
            });
        }

        if (media.AudioChannels is not null)
        {
            tracks.Add(new JsonObject
            {
                ["type"] = "audio",
                ["duration"] = media.Duration,
                ["channels"] = media.AudioChannels,
                ["sample_rate"] = media.AudioSampleRate,
                ["encoding"] = Encoding(media.AudioCodec),
            });
        }

        input["file"] = new JsonObject { ["container_format"] = Container(media.FormatName), ["tracks"] = tracks };
        return input;
    }

    /// <summary>ffprobe names the family of formats a demuxer reads ("mov,mp4,m4a,…"); Mux names the file's.</summary>
    private static string? Container(string? formatName) => formatName?.Split(',') switch
    {
        null => null,
        var names when names.Contains("mp4") => "mp4",
        var names when names.Contains("webm") => "webm",
        var names => names[0],
    };

    /// <summary>Mux writes the MPEG codecs with their dot: h.264, h.265.</summary>
    private static string? Encoding(string? codec) => codec switch
    {
        "h264" => "h.264",
        "hevc" => "h.265",
        _ => codec,
    };
}
