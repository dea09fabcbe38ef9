using System.Globalization;

namespace Airwave.Sfu.Sdp;

/// <summary>A codec of a media section: its payload type, rtpmap, fmtp and rtcp-fb values.</summary>
public sealed record RtpCodec(int PayloadType, string Name, int ClockRate, string? Channels, string? Parameters, IReadOnlyList<string> Feedback)
{
    public bool IsRetransmission => Name.Equals("rtx", StringComparison.OrdinalIgnoreCase);

    /// <summary>The payload type a retransmission codec repairs (its apt parameter), if it is one.</summary>
    public int? Repairs => IsRetransmission && Parameter("apt") is { } apt && int.TryParse(apt, CultureInfo.InvariantCulture, out var pt) ? pt : null;

    public static IReadOnlyList<RtpCodec> Of(MediaSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var maps = Values(section, "rtpmap");
        var parameters = Values(section, "fmtp");
        var feedback = section.Attributes("rtcp-fb").Select(v => v.Split(' ', 2)).Where(f => f.Length == 2).ToLookup(f => f[0], f => f[1], StringComparer.Ordinal);
        var codecs = new List<RtpCodec>();
        foreach (var format in section.Formats)
        {
            if (!int.TryParse(format, CultureInfo.InvariantCulture, out var pt) || !maps.TryGetValue(format, out var map))
            {
                continue;
            }

            var encoding = map.Split('/');
            codecs.Add(new RtpCodec(
                pt,
                encoding[0],
                encoding.Length > 1 && int.TryParse(encoding[1], CultureInfo.InvariantCulture, out var clock) ? clock : 0,
                encoding.Length > 2 ? encoding[2] : null,
                parameters.GetValueOrDefault(format),
                [.. feedback[format].Concat(feedback["*"])]));
        }

        return codecs;
    }

    /// <summary>A parameter of the codec's fmtp line (<c>name=value</c>, separated by semicolons).</summary>
    public string? Parameter(string name) => Parameters?.Split(';', StringSplitOptions.TrimEntries)
        .Select(p => p.Split('=', 2))
        .FirstOrDefault(p => p.Length == 2 && p[0].Equals(name, StringComparison.OrdinalIgnoreCase))?[1];

    /// <summary>
    /// Whether media of this codec can be decoded by a receiver offering <paramref name="other"/>: the same encoding
    /// and clock rate (and channels), and for H.264 the same packetization mode and profile (RFC 6184: the level may differ).
    /// </summary>
    public bool Matches(RtpCodec other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!Name.Equals(other.Name, StringComparison.OrdinalIgnoreCase) || ClockRate != other.ClockRate || (Channels ?? "1") != (other.Channels ?? "1"))
        {
            return false;
        }

        if (!Name.Equals("H264", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return (Parameter("packetization-mode") ?? "0") == (other.Parameter("packetization-mode") ?? "0")
            && Profile(this) == Profile(other);

        static string? Profile(RtpCodec codec) => codec.Parameter("profile-level-id") is { Length: 6 } id ? id[..2].ToUpperInvariant() : null;
    }

    /// <summary>The codec's lines as a media section writes them.</summary>
    public IEnumerable<string> Lines(IEnumerable<string> feedback)
    {
        var pt = PayloadType.ToString(CultureInfo.InvariantCulture);
        yield return $"a=rtpmap:{pt} {Name}/{ClockRate.ToString(CultureInfo.InvariantCulture)}{(Channels is null ? "" : "/" + Channels)}";
        foreach (var fb in feedback)
        {
            yield return $"a=rtcp-fb:{pt} {fb}";
        }

        if (Parameters is not null)
        {
            yield return $"a=fmtp:{pt} {Parameters}";
        }
    }

    private static Dictionary<string, string> Values(MediaSection section, string attribute) => section.Attributes(attribute)
        .Select(v => v.Split(' ', 2))
        .Where(f => f.Length == 2)
        .GroupBy(f => f[0], StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);
}
