using System.Text.Json.Nodes;

namespace Airwave.Sfu.Whip;

/// <summary>
/// The stream's publisher: its session, the video codec the engine took from its offer (VP8 or H264), and its streams
/// as the engine's answer has them (what another pod's engine needs to relay it).
/// </summary>
public sealed record Publisher(string SessionId, string VideoCodec, JsonArray Streams)
{
    public static Publisher Of(string sessionId, string answer) => new(sessionId, VideoCodecOf(answer), StreamsOf(answer));

    /// <summary>
    /// Each media section of the answer as the VideoRoom describes a publisher's stream: type, mindex, mid and the
    /// codec the engine receives (lower case, as the engine names it).
    /// </summary>
    public static JsonArray StreamsOf(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var streams = new JsonArray();
        var sections = answer.Split('\n', StringSplitOptions.TrimEntries).Aggregate(new List<List<string>>(), (all, line) =>
        {
            if (line.StartsWith("m=", StringComparison.Ordinal))
            {
                all.Add([line]);
            }
            else if (all.Count > 0)
            {
                all[^1].Add(line);
            }

            return all;
        });
        foreach (var (section, mindex) in sections.Select((section, i) => (section, i)))
        {
            var fields = section[0][2..].Split(' ');
            var type = fields[0] == "application" ? "data" : fields[0];
            var stream = new JsonObject { ["type"] = type, ["mindex"] = mindex };
            if (section.FirstOrDefault(l => l.StartsWith("a=mid:", StringComparison.Ordinal)) is { } mid)
            {
                stream["mid"] = mid["a=mid:".Length..];
            }

            if (type != "data" && fields.Length > 3 && section.FirstOrDefault(l => l.StartsWith($"a=rtpmap:{fields[3]} ", StringComparison.Ordinal)) is { } map)
            {
                stream["codec"] = map[(map.IndexOf(' ', StringComparison.Ordinal) + 1)..].Split('/')[0].ToLowerInvariant();
            }

            streams.Add((JsonNode)stream);
        }

        return streams;
    }

    /// <summary>The codec of the first payload type of the answer's video section: the one the engine receives.</summary>
    public static string VideoCodecOf(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var lines = answer.Split('\n', StringSplitOptions.TrimEntries);
        var video = Array.FindIndex(lines, l => l.StartsWith("m=video ", StringComparison.Ordinal));
        if (video < 0 || lines[video].Split(' ') is not [_, _, _, var payloadType, ..])
        {
            return "VP8";
        }

        var rtpmap = $"a=rtpmap:{payloadType} ";
        return lines.Skip(video + 1).TakeWhile(l => !l.StartsWith("m=", StringComparison.Ordinal))
            .FirstOrDefault(l => l.StartsWith(rtpmap, StringComparison.Ordinal)) is { } map
            ? map[rtpmap.Length..].Split('/')[0].ToUpperInvariant()
            : "VP8";
    }
}
