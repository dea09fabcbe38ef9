namespace Airwave.Sfu.Whip;

/// <summary>The stream's publisher: its session, and the video codec the engine took from its offer (VP8 or H264).</summary>
public sealed record Publisher(string SessionId, string VideoCodec)
{
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
