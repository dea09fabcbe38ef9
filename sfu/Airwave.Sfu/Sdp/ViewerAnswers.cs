using System.Globalization;

namespace Airwave.Sfu.Sdp;

/// <summary>
/// A WHEP viewer sends its own offer, while the engine's VideoRoom subscribers only ever make one. The two offers are
/// answered by each other: the engine gets the viewer's ICE credentials, candidates and DTLS fingerprint as its
/// viewer's answer, and the viewer gets the engine's, with the engine's codec, streams and payload types, as its
/// answer. Media then flows between them directly; nothing here touches it. The engine sends its own payload types,
/// so those are the ones the viewer's answer names (Chromium's own for VP8 and Opus; aiortc takes others from an
/// answer, Firefox does not, and takes the engine's offer instead: a WHEP POST without a body); header
/// extensions are kept where both sides offered them, with the viewer's ids (the engine sends with the ids its answer
/// gives).
/// </summary>
public static class ViewerAnswers
{
    private const string MidExtension = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /// <summary>The two answers, or why the viewer's offer cannot be answered (<see cref="BridgedAnswers.Refusal"/>).</summary>
    public static BridgedAnswers Bridge(SessionDescription viewer, SessionDescription engine)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(engine);
        var pairs = PairSections(viewer, engine);
        if (pairs.Count == 0)
        {
            var sent = string.Join(", ", engine.Media.Where(m => !m.IsRejected).Select(m => $"{m.Kind} {(m.Codecs() is [var codec, ..] ? codec.Name : "")}"));
            return BridgedAnswers.Refused($"The offer receives none of what this stream sends ({sent}): offer to receive (recvonly) audio or video in one of those codecs.");
        }

        // Bundled: each side's first section carries the transport, its credentials and candidates.
        var viewerSection = viewer.Media[pairs.Values.Min(p => p.ViewerIndex)];
        var engineIndex = pairs.Keys.Min();
        if (viewer.Attribute(viewerSection, "ice-ufrag") is not { } ufrag || viewer.Attribute(viewerSection, "ice-pwd") is not { } pwd)
        {
            return BridgedAnswers.Refused("The offer has no ICE credentials (a=ice-ufrag and a=ice-pwd).");
        }

        if (viewer.Attribute(viewerSection, "fingerprint") is not { } fingerprint)
        {
            return BridgedAnswers.Refused("The offer has no DTLS fingerprint (a=fingerprint).");
        }

        var engineSection = engine.Media[engineIndex];
        // The viewer's DTLS role decides the engine's: a viewer that must be the server (passive) makes the engine the client.
        var viewerIsServer = viewer.Attribute(viewerSection, "setup") == "passive";
        var viewerIce = new Ice(ufrag, pwd, fingerprint, viewerIsServer ? "passive" : "active", viewerSection.Candidates(), viewerSection.Attribute("end-of-candidates") is not null);
        var engineIce = new Ice(
            engine.Attribute(engineSection, "ice-ufrag") ?? "",
            engine.Attribute(engineSection, "ice-pwd") ?? "",
            engine.Attribute(engineSection, "fingerprint") ?? "",
            viewerIsServer ? "active" : "passive",
            engineSection.Candidates(),
            true);

        var toEngine = Describe(
            engine.Media.Select((section, j) => pairs.TryGetValue(j, out var pair)
                ? Section(section, viewer.Media[pair.ViewerIndex], pair, toEngine: true, viewerIce, j == engineIndex)
                : Rejected(section)),
            pairs.Keys.Order().Select(j => engine.Media[j].Mid!));
        var byViewer = pairs.Values.ToDictionary(p => p.ViewerIndex);
        var toViewer = Describe(
            viewer.Media.Select((section, i) => byViewer.TryGetValue(i, out var pair)
                ? Section(engine.Media[pair.EngineIndex], section, pair, toEngine: false, engineIce, withCandidates: true)
                : Rejected(section)),
            byViewer.Keys.Order().Select(i => viewer.Media[i].Mid!));
        return new BridgedAnswers(toEngine, toViewer, null, new ViewerIce(ufrag, pwd, viewerSection.Mid!, engineSection.Mid!, engineIndex));
    }

    /// <summary>Whether the viewer's offer receives any media at all: a WebRTC audio or video section that takes it.</summary>
    public static bool ReceivesMedia(SessionDescription viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return viewer.Media.Any(m => m.Kind is "audio" or "video" && Receives(m));
    }

    private static bool Receives(MediaSection section) =>
        !section.IsRejected && section.Mid is not null && section.Direction is ("recvonly" or "sendrecv")
        && section.Protocol.Contains("SAVPF", StringComparison.Ordinal);

    /// <summary>
    /// Each of the engine's sections to the viewer's first section of its kind that receives and takes its codec, in
    /// order: engine section index to the pair.
    /// </summary>
    private static Dictionary<int, Pair> PairSections(SessionDescription viewer, SessionDescription engine)
    {
        var pairs = new Dictionary<int, Pair>();
        var taken = new HashSet<int>();
        for (var j = 0; j < engine.Media.Count; j++)
        {
            var sent = engine.Media[j];
            if (sent.IsRejected || sent.Mid is null || sent.Codecs().FirstOrDefault(c => !c.IsRetransmission) is not { } codec)
            {
                continue;
            }

            for (var i = 0; i < viewer.Media.Count; i++)
            {
                var wanted = viewer.Media[i];
                if (taken.Contains(i) || wanted.Kind != sent.Kind || !Receives(wanted))
                {
                    continue;
                }

                var codecs = wanted.Codecs();
                if (codecs.FirstOrDefault(codec.Matches) is not { } theirs)
                {
                    continue;
                }

                var rtx = sent.Codecs().FirstOrDefault(c => c.Repairs == codec.PayloadType);
                var wantsRtx = codecs.Any(c => c.Repairs == theirs.PayloadType);
                pairs[j] = new Pair(i, j, codec, theirs, wantsRtx ? rtx : null);
                taken.Add(i);
                break;
            }
        }

        return pairs;
    }

    /// <summary>
    /// One answered section: to the engine (receiving, with the viewer's ICE and the engine's mid) or to the viewer
    /// (sending, with the engine's ICE and streams and the viewer's mid).
    /// </summary>
    private static List<string> Section(MediaSection sent, MediaSection wanted, Pair pair, bool toEngine, Ice ice, bool withCandidates)
    {
        var formats = new[] { pair.Codec, pair.Rtx }.OfType<RtpCodec>().Select(c => c.PayloadType.ToString(CultureInfo.InvariantCulture));
        var lines = new List<string>
        {
            $"m={sent.Kind} 9 {(toEngine ? sent.Protocol : wanted.Protocol)} {string.Join(' ', formats)}",
            toEngine ? "c=IN IP4 0.0.0.0" : sent.Lines.FirstOrDefault(l => l.StartsWith("c=", StringComparison.Ordinal)) ?? "c=IN IP4 0.0.0.0",
            $"a=mid:{(toEngine ? sent.Mid : wanted.Mid)}",
            toEngine ? "a=recvonly" : "a=sendonly",
            "a=rtcp-mux",
            $"a=ice-ufrag:{ice.Ufrag}",
            $"a=ice-pwd:{ice.Pwd}",
            "a=ice-options:trickle",
            $"a=fingerprint:{ice.Fingerprint}",
            $"a=setup:{ice.Setup}",
        };

        // The engine writes the ids its answer gives; the viewer reads the ids it offered: so both use the viewer's.
        // The mid extension carries the engine's mids, so it is kept only where they are the viewer's too.
        var theirs = wanted.Extensions();
        foreach (var uri in sent.Extensions().Keys.Where(theirs.ContainsKey))
        {
            if (uri != MidExtension || sent.Mid == wanted.Mid)
            {
                lines.Add($"a=extmap:{theirs[uri].ToString(CultureInfo.InvariantCulture)} {uri}");
            }
        }

        lines.AddRange(pair.Codec.Lines(pair.Codec.Feedback.Intersect(pair.Theirs.Feedback, StringComparer.Ordinal)));
        if (pair.Rtx is { } rtx)
        {
            lines.AddRange(rtx.Lines([]));
        }

        if (!toEngine)
        {
            lines.AddRange(sent.Lines.Where(l => l.StartsWith("a=msid:", StringComparison.Ordinal) || l.StartsWith("a=ssrc", StringComparison.Ordinal)));
        }

        if (withCandidates)
        {
            lines.AddRange(ice.Candidates.Select(c => $"a=candidate:{c}"));
            if (ice.Complete)
            {
                lines.Add("a=end-of-candidates");
            }
        }

        return lines;
    }

    /// <summary>A section the answer does not take: port 0, its mid kept (JSEP).</summary>
    private static List<string> Rejected(MediaSection section) =>
        [$"m={section.Kind} 0 {section.Protocol} {section.Formats[0]}", .. section.Mid is { } mid ? [$"a=mid:{mid}"] : Array.Empty<string>(), "a=inactive"];

    private static string Describe(IEnumerable<List<string>> sections, IEnumerable<string> bundle)
    {
        var origin = DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture);
        IEnumerable<string> lines = ["v=0", $"o=- {origin} 1 IN IP4 0.0.0.0", "s=-", "t=0 0", $"a=group:BUNDLE {string.Join(' ', bundle)}", "a=msid-semantic: WMS *"];
        return string.Concat(lines.Concat(sections.SelectMany(s => s)).Select(l => l + "\r\n"));
    }

    private sealed record Pair(int ViewerIndex, int EngineIndex, RtpCodec Codec, RtpCodec Theirs, RtpCodec? Rtx);

    private sealed record Ice(string Ufrag, string Pwd, string Fingerprint, string Setup, IEnumerable<string> Candidates, bool Complete);
}

/// <summary>
/// The answer the engine gets and the one the viewer gets; or, with <see cref="Refusal"/>, why there are none.
/// <see cref="Viewer"/> says what later trickled candidates and ICE restarts need.
/// </summary>
public sealed record BridgedAnswers(string ToEngine, string ToViewer, string? Refusal, ViewerIce? Viewer)
{
    public static BridgedAnswers Refused(string why) => new("", "", why, null);
}

/// <summary>
/// The viewer's ICE credentials, and where its candidates go: the viewer's bundled section (its mid) is the engine's
/// section <see cref="EngineMid"/> at <see cref="EngineIndex"/>.
/// </summary>
public sealed record ViewerIce(string Ufrag, string Pwd, string ViewerMid, string EngineMid, int EngineIndex);
