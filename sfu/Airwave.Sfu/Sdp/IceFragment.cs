namespace Airwave.Sfu.Sdp;

/// <summary>
/// An SDP fragment of trickled ICE (RFC 8840, <c>application/trickle-ice-sdpfrag</c>), as a WHIP or WHEP client PATCHes
/// it: ICE credentials (new ones ask for an ICE restart), and per media section its mid and candidates, and whether
/// that was the last of them.
/// </summary>
public sealed record IceFragment(string? Ufrag, string? Pwd, IReadOnlyList<IceFragment.Section> Sections)
{
    public const string MediaType = "application/trickle-ice-sdpfrag";

    /// <summary>The fragment in <paramref name="text"/>; <see cref="FormatException"/> when it is not one.</summary>
    public static IceFragment Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string? ufrag = null, pwd = null;
        var sections = new List<Section>();
        foreach (var line in text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0))
        {
            if (line.Length < 2 || line[1] != '=')
            {
                throw new FormatException($"\"{SessionDescription.Shorten(line)}\" is not an SDP line (type=value)");
            }

            if (line.StartsWith("m=", StringComparison.Ordinal))
            {
                sections.Add(new Section(null, [], false));
            }
            else if (line.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))
            {
                ufrag = line["a=ice-ufrag:".Length..];
            }
            else if (line.StartsWith("a=ice-pwd:", StringComparison.Ordinal))
            {
                pwd = line["a=ice-pwd:".Length..];
            }
            else if (sections.Count == 0)
            {
                continue;
            }
            else if (line.StartsWith("a=mid:", StringComparison.Ordinal))
            {
                sections[^1] = sections[^1] with { Mid = line["a=mid:".Length..] };
            }
            else if (line.StartsWith("a=candidate:", StringComparison.Ordinal))
            {
                sections[^1] = sections[^1] with { Candidates = [.. sections[^1].Candidates, line[2..]] };
            }
            else if (line == "a=end-of-candidates")
            {
                sections[^1] = sections[^1] with { Complete = true };
            }
        }

        return (ufrag is null) != (pwd is null)
            ? throw new FormatException("a fragment with new ICE credentials has both a=ice-ufrag and a=ice-pwd")
            : new IceFragment(ufrag, pwd, sections);
    }

    /// <summary>The server's side of an ICE restart: its new credentials and candidates, for one bundled section.</summary>
    public static string Write(string ufrag, string pwd, string kind, string mid, IEnumerable<string> candidates)
    {
        IEnumerable<string> lines = [$"a=ice-ufrag:{ufrag}", $"a=ice-pwd:{pwd}", $"m={kind} 9 UDP/TLS/RTP/SAVPF 0", $"a=mid:{mid}"];
        return string.Concat(lines.Concat(candidates.Select(c => $"a=candidate:{c}")).Append("a=end-of-candidates").Select(l => l + "\r\n"));
    }

    /// <summary>
    /// <paramref name="sdp"/> as it would be with this fragment's credentials and candidates: what an offer of an ICE
    /// restart says (the rest of the session stays as it was).
    /// </summary>
    public string ApplyTo(string sdp)
    {
        var description = SessionDescription.Parse(sdp);
        var media = description.Media.Select(m =>
        {
            var lines = m.Lines.Select(WithCredentials).Where(l => !l.StartsWith("a=candidate:", StringComparison.Ordinal) && l != "a=end-of-candidates").ToList();
            if (Sections.FirstOrDefault(s => s.Mid == m.Mid) is { } section)
            {
                lines.AddRange(section.Candidates.Select(c => "a=" + c));
                if (section.Complete)
                {
                    lines.Add("a=end-of-candidates");
                }
            }

            return m with { Lines = lines };
        });
        return new SessionDescription([.. description.SessionLines.Select(WithCredentials)], [.. media]).ToString();
    }

    private string WithCredentials(string line) => line switch
    {
        _ when line.StartsWith("a=ice-ufrag:", StringComparison.Ordinal) && Ufrag is not null => $"a=ice-ufrag:{Ufrag}",
        _ when line.StartsWith("a=ice-pwd:", StringComparison.Ordinal) && Pwd is not null => $"a=ice-pwd:{Pwd}",
        _ => line,
    };

    /// <summary>A media section of the fragment: candidates are <c>candidate:...</c>, as the engine's trickle takes them.</summary>
    public sealed record Section(string? Mid, IReadOnlyList<string> Candidates, bool Complete);
}
