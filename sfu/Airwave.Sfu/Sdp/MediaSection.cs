namespace Airwave.Sfu.Sdp;

/// <summary>One m-line of a session description and the lines under it.</summary>
public sealed record MediaSection(string Kind, int Port, string Protocol, IReadOnlyList<string> Formats, IReadOnlyList<string> Lines)
{
    public string MediaLine => $"m={Kind} {Port} {Protocol} {string.Join(' ', Formats)}";

    /// <summary>The section's mid, if it has one.</summary>
    public string? Mid => Attribute("mid");

    /// <summary>A port of 0: the section was refused, or is not used any more.</summary>
    public bool IsRejected => Port == 0;

    /// <summary>sendrecv, sendonly, recvonly or inactive: what the section says (sendrecv when it says nothing).</summary>
    public string Direction => Lines.Select(l => l[2..]).FirstOrDefault(a => a is "sendrecv" or "sendonly" or "recvonly" or "inactive") ?? "sendrecv";

    public static MediaSection Parse(string mediaLine, IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(mediaLine);
        var fields = mediaLine[2..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 4 || !int.TryParse(fields[1].Split('/')[0], out var port))
        {
            throw new FormatException($"\"{SessionDescription.Shorten(mediaLine)}\" is not an m-line (m=media port proto fmt ...)");
        }

        return new MediaSection(fields[0], port, fields[2], fields[3..], lines);
    }

    public string? Attribute(string name) => SdpLines.Attribute(Lines, name);

    /// <summary>The values of every <c>a=name:value</c> line of the section.</summary>
    public IEnumerable<string> Attributes(string name) => SdpLines.Attributes(Lines, name);

    /// <summary>The section's codecs, from its rtpmap, fmtp and rtcp-fb lines, in the order of its m-line.</summary>
    public IReadOnlyList<RtpCodec> Codecs() => RtpCodec.Of(this);

    /// <summary>The section's RTP header extensions: URI to id.</summary>
    public IReadOnlyDictionary<string, int> Extensions() => Attributes("extmap")
        .Select(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Where(f => f.Length >= 2 && int.TryParse(f[0].Split('/')[0], out _))
        .GroupBy(f => f[1], StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => int.Parse(g.First()[0].Split('/')[0], System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);

    /// <summary>The section's ICE candidates, as their a=candidate values.</summary>
    public IEnumerable<string> Candidates() => Attributes("candidate");
}
