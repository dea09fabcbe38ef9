namespace Airwave.Sfu.Sdp;

/// <summary>
/// A session description (RFC 8866) as lines: the session's own lines, then one <see cref="MediaSection"/> per m-line.
/// Enough of SDP to read what WebRTC offers and write answers; lines it does not know are kept as they are.
/// </summary>
public sealed record SessionDescription(IReadOnlyList<string> SessionLines, IReadOnlyList<MediaSection> Media)
{
    /// <summary>The description in <paramref name="sdp"/>; <see cref="FormatException"/> when it is not one.</summary>
    public static SessionDescription Parse(string sdp)
    {
        ArgumentNullException.ThrowIfNull(sdp);
        var lines = sdp.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0 || lines[0] != "v=0")
        {
            throw new FormatException("a session description starts with v=0");
        }

        if (lines.FirstOrDefault(l => l.Length < 2 || l[1] != '=') is { } bad)
        {
            throw new FormatException($"\"{Shorten(bad)}\" is not an SDP line (type=value)");
        }

        var first = lines.FindIndex(l => l.StartsWith("m=", StringComparison.Ordinal));
        var session = first < 0 ? lines : lines[..first];
        var media = new List<MediaSection>();
        for (var start = first; start >= 0 && start < lines.Count;)
        {
            var end = lines.FindIndex(start + 1, l => l.StartsWith("m=", StringComparison.Ordinal));
            end = end < 0 ? lines.Count : end;
            media.Add(MediaSection.Parse(lines[start], lines[(start + 1)..end]));
            start = end;
        }

        return new SessionDescription(session, media);
    }

    /// <summary>The value of the session's first <c>a=name:value</c> (or <c>a=name</c>, an empty value) line, if any.</summary>
    public string? Attribute(string name) => SdpLines.Attribute(SessionLines, name);

    /// <summary>The attribute in the media section, or in the session when the section has none (as ICE and DTLS attributes may be).</summary>
    public string? Attribute(MediaSection section, string name)
    {
        ArgumentNullException.ThrowIfNull(section);
        return section.Attribute(name) ?? Attribute(name);
    }

    public override string ToString() =>
        string.Concat(SessionLines.Concat(Media.SelectMany(m => m.Lines.Prepend(m.MediaLine))).Select(l => l + "\r\n"));

    internal static string Shorten(string line) => line.Length > 40 ? line[..40] + "…" : line;
}
