using Airwave.Sfu.Sdp;

namespace Airwave.Sfu.Tests;

/// <summary>
/// A viewer's offer answered through the engine's (the offer Janus's VideoRoom made a subscriber, as captured): what
/// each side's answer says, for offers laid out as browsers lay them out.
/// </summary>
public sealed class ViewerAnswersTests
{
    private const string Fingerprint = "sha-256 30:A4:1F:14:F5:EB:6E:84:45:8D:A4:74:B6:8F:C9:1F:CD:EF:8A:40:8B:57:6C:59:A2:54:C8:5D:D1:F1:6A:AD";

    private static readonly string EngineOffer = Lines(
        "v=0", "o=- 1796066330974181 1 IN IP4 192.0.2.2", "s=VideoRoom 1", "t=0 0", "a=group:BUNDLE 0 1", "a=ice-options:trickle",
        $"a=fingerprint:{Fingerprint}", "a=extmap-allow-mixed", "a=msid-semantic: WMS *",
        "m=video 9 UDP/TLS/RTP/SAVPF 96 97", "c=IN IP4 192.0.2.2", "a=sendonly", "a=mid:0", "a=rtcp-mux", "a=ice-ufrag:oh6F",
        "a=ice-pwd:hsotQZP7dUvxcxzdPSJQQ3", "a=ice-options:trickle", "a=setup:actpass", "a=rtpmap:96 VP8/90000", "a=rtcp-fb:96 ccm fir",
        "a=rtcp-fb:96 nack", "a=rtcp-fb:96 nack pli", "a=rtcp-fb:96 goog-remb", "a=rtcp-fb:96 transport-cc",
        "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
        "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
        "a=rtpmap:97 rtx/90000", "a=fmtp:97 apt=96", "a=ssrc-group:FID 181252508 3044161736", "a=msid:janus janus0",
        "a=ssrc:181252508 cname:janus", "a=ssrc:3044161736 cname:janus", "a=candidate:1 1 udp 2015363327 192.0.2.2 43005 typ host", "a=end-of-candidates",
        "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 192.0.2.2", "a=sendonly", "a=mid:1", "a=rtcp-mux", "a=ice-ufrag:oh6F",
        "a=ice-pwd:hsotQZP7dUvxcxzdPSJQQ3", "a=ice-options:trickle", "a=setup:actpass", "a=rtpmap:111 opus/48000/2", "a=rtcp-fb:111 transport-cc",
        "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level", "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid", "a=msid:janus janus1",
        "a=ssrc:3258228406 cname:janus", "a=candidate:1 1 udp 2015363327 192.0.2.2 43005 typ host", "a=end-of-candidates");

    [Fact]
    public void A_browsers_offer_of_audio_then_video_is_answered_in_its_order_with_the_engines_ice_and_the_viewers_ids()
    {
        // As Chromium lays out a viewer's offer: audio first, its own mids, ids and credentials, no candidates yet.
        var viewer = Offer(
            "a=group:BUNDLE 0 1",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111 63", "c=IN IP4 0.0.0.0", "a=mid:0", "a=recvonly", "a=rtcp-mux", "a=ice-ufrag:Vw1r", "a=ice-pwd:viewerpasswordviewerpass",
            $"a=fingerprint:sha-256 {new string('1', 2)}:AB", "a=setup:actpass", "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
            "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid", "a=rtpmap:111 opus/48000/2", "a=rtcp-fb:111 transport-cc", "a=rtpmap:63 red/48000/2",
            "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102", "c=IN IP4 0.0.0.0", "a=mid:1", "a=recvonly", "a=rtcp-mux", "a=ice-ufrag:Vw1r", "a=ice-pwd:viewerpasswordviewerpass",
            $"a=fingerprint:sha-256 {new string('1', 2)}:AB", "a=setup:actpass", "a=extmap:3 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
            "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid", "a=rtpmap:96 VP8/90000", "a=rtcp-fb:96 nack", "a=rtcp-fb:96 nack pli", "a=rtcp-fb:96 goog-remb",
            "a=rtpmap:97 rtx/90000", "a=fmtp:97 apt=96", "a=rtpmap:102 H264/90000", "a=fmtp:102 packetization-mode=1;profile-level-id=42e01f");

        var answers = ViewerAnswers.Bridge(viewer, SessionDescription.Parse(EngineOffer));

        Assert.Null(answers.Refusal);
        var toViewer = SessionDescription.Parse(answers.ToViewer);
        Assert.Equal("BUNDLE 0 1", toViewer.Attribute("group"));
        Assert.Equal(["m=audio 9 UDP/TLS/RTP/SAVPF 111", "m=video 9 UDP/TLS/RTP/SAVPF 96 97"], toViewer.Media.Select(m => m.MediaLine));
        Assert.Equal(["0", "1"], toViewer.Media.Select(m => m.Mid));
        Assert.All(toViewer.Media, m =>
        {
            Assert.Equal("sendonly", m.Direction);
            Assert.Equal("oh6F", m.Attribute("ice-ufrag"));
            Assert.Equal(Fingerprint, m.Attribute("fingerprint"));
            Assert.Equal("passive", m.Attribute("setup"));
            Assert.Equal(["1 1 udp 2015363327 192.0.2.2 43005 typ host"], m.Candidates());
            // The engine's mids are not the viewer's (its audio is "1"): no mid extension, the streams told by SSRC.
            Assert.DoesNotContain("urn:ietf:params:rtp-hdrext:sdes:mid", m.Extensions().Keys);
        });
        Assert.Equal(new Dictionary<string, int> { ["urn:ietf:params:rtp-hdrext:ssrc-audio-level"] = 1 }, toViewer.Media[0].Extensions());
        Assert.Equal(new Dictionary<string, int> { ["http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"] = 3 }, toViewer.Media[1].Extensions());
        Assert.Contains("a=ssrc:3258228406 cname:janus", toViewer.Media[0].Lines);
        Assert.Contains("a=ssrc-group:FID 181252508 3044161736", toViewer.Media[1].Lines);
        // Feedback both offered; rtx because the viewer offered it for its VP8.
        Assert.Equal(["nack", "nack pli", "goog-remb"], toViewer.Media[1].Codecs()[0].Feedback);
        Assert.Equal(96, toViewer.Media[1].Codecs()[1].Repairs);

        var toEngine = SessionDescription.Parse(answers.ToEngine);
        Assert.Equal("BUNDLE 0 1", toEngine.Attribute("group"));
        Assert.Equal(["video", "audio"], toEngine.Media.Select(m => m.Kind));
        Assert.Equal(["0", "1"], toEngine.Media.Select(m => m.Mid));
        Assert.All(toEngine.Media, m =>
        {
            Assert.Equal("recvonly", m.Direction);
            Assert.Equal("Vw1r", m.Attribute("ice-ufrag"));
            Assert.Equal("sha-256 11:AB", m.Attribute("fingerprint"));
            Assert.Equal("active", m.Attribute("setup"));
            Assert.Empty(m.Candidates());
        });
        Assert.Equal(new Dictionary<string, int> { ["http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"] = 3 }, toEngine.Media[0].Extensions());
        // Trickled candidates of the viewer's first section go to the engine's first: each side's bundled transport.
        Assert.Equal(new ViewerIce("Vw1r", "viewerpasswordviewerpass", "0", "0", 0), answers.Viewer);
    }

    [Fact]
    public void A_viewer_receiving_video_alone_as_the_dtls_server_leaves_the_engines_audio_unanswered()
    {
        var viewer = Offer(
            "a=group:BUNDLE v", $"a=fingerprint:sha-256 22:CD", "a=ice-ufrag:only", "a=ice-pwd:onlyvideopasswordonlyvid",
            "m=video 9 UDP/TLS/RTP/SAVPF 120", "c=IN IP4 0.0.0.0", "a=mid:v", "a=recvonly", "a=setup:passive", "a=rtpmap:120 VP8/90000",
            "a=extmap:9 urn:ietf:params:rtp-hdrext:sdes:mid", "a=candidate:7 1 udp 2122260223 198.51.100.7 50000 typ host", "a=end-of-candidates",
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "c=IN IP4 0.0.0.0", "a=mid:d");

        var answers = ViewerAnswers.Bridge(viewer, SessionDescription.Parse(EngineOffer));

        var toEngine = SessionDescription.Parse(answers.ToEngine);
        Assert.Equal(["m=video 9 UDP/TLS/RTP/SAVPF 96", "m=audio 0 UDP/TLS/RTP/SAVPF 111"], toEngine.Media.Select(m => m.MediaLine));
        Assert.Equal("BUNDLE 0", toEngine.Attribute("group"));
        Assert.Equal("passive", toEngine.Media[0].Attribute("setup"));
        Assert.Equal(["7 1 udp 2122260223 198.51.100.7 50000 typ host"], toEngine.Media[0].Candidates());
        Assert.NotNull(toEngine.Media[0].Attribute("end-of-candidates"));
        var toViewer = SessionDescription.Parse(answers.ToViewer);
        Assert.Equal(["m=video 9 UDP/TLS/RTP/SAVPF 96", "m=application 0 UDP/DTLS/SCTP webrtc-datachannel"], toViewer.Media.Select(m => m.MediaLine));
        Assert.Equal("BUNDLE v", toViewer.Attribute("group"));
        Assert.Equal("active", toViewer.Media[0].Attribute("setup"));
        Assert.Equal(["d"], toViewer.Media.Where(m => m.IsRejected).Select(m => m.Mid));
    }

    [Fact]
    public void An_offer_of_no_codec_the_stream_sends_is_refused_saying_what_it_sends()
    {
        var viewer = Offer(
            "m=video 9 UDP/TLS/RTP/SAVPF 102", "a=mid:0", "a=recvonly", "a=ice-ufrag:h264", "a=ice-pwd:h264passwordh264password", "a=fingerprint:sha-256 33:EF",
            "a=setup:actpass", "a=rtpmap:102 H264/90000", "a=fmtp:102 packetization-mode=1;profile-level-id=42e01f");

        var answers = ViewerAnswers.Bridge(viewer, SessionDescription.Parse(EngineOffer));

        Assert.Equal("The offer receives none of what this stream sends (video VP8, audio opus): offer to receive (recvonly) audio or video in one of those codecs.", answers.Refusal);
        Assert.True(ViewerAnswers.ReceivesMedia(viewer));
        Assert.False(ViewerAnswers.ReceivesMedia(Offer("m=video 9 UDP/TLS/RTP/SAVPF 96", "a=mid:0", "a=sendonly", "a=rtpmap:96 VP8/90000")));
    }

    [Fact]
    public void A_trickled_fragment_is_read_and_an_ice_restart_applies_its_credentials_and_candidates_to_the_offer()
    {
        var fragment = IceFragment.Parse(Lines(
            "a=ice-ufrag:new1", "a=ice-pwd:newpasswordnewpasswordnew", "m=audio 9 UDP/TLS/RTP/SAVPF 0", "a=mid:0",
            "a=candidate:1 1 udp 2122260223 198.51.100.7 50000 typ host", "a=end-of-candidates"));
        var offer = Offer(
            "a=ice-ufrag:old1", "a=ice-pwd:oldpasswordoldpasswordold", "m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=mid:0", "a=rtpmap:111 opus/48000/2",
            "a=candidate:9 1 udp 1 203.0.113.9 9 typ host", "m=video 9 UDP/TLS/RTP/SAVPF 96", "a=mid:1", "a=ice-ufrag:old1", "a=rtpmap:96 VP8/90000");

        var restarted = SessionDescription.Parse(fragment.ApplyTo(offer.ToString()));

        Assert.Equal(("new1", "newpasswordnewpasswordnew"), (fragment.Ufrag, fragment.Pwd));
        Assert.Equal([new IceFragment.Section("0", ["candidate:1 1 udp 2122260223 198.51.100.7 50000 typ host"], true)], fragment.Sections, new SectionComparer());
        Assert.Equal("new1", restarted.Attribute("ice-ufrag"));
        Assert.Equal("new1", restarted.Media[1].Attribute("ice-ufrag"));
        Assert.Equal(["1 1 udp 2122260223 198.51.100.7 50000 typ host"], restarted.Media[0].Candidates());
        Assert.Empty(restarted.Media[1].Candidates());
        Assert.Throws<FormatException>(() => IceFragment.Parse("a=ice-ufrag:only-one\r\n"));
        Assert.Throws<FormatException>(() => IceFragment.Parse("not a line\r\n"));
    }

    private static SessionDescription Offer(params string[] lines) => SessionDescription.Parse(Lines(["v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0", .. lines]));

    private static string Lines(params string[] lines) => string.Concat(lines.Select(l => l + "\r\n"));

    private sealed class SectionComparer : IEqualityComparer<IceFragment.Section>
    {
        public bool Equals(IceFragment.Section? x, IceFragment.Section? y) =>
            x?.Mid == y?.Mid && x?.Complete == y?.Complete && (x?.Candidates ?? []).SequenceEqual(y?.Candidates ?? []);

        public int GetHashCode(IceFragment.Section obj) => obj.Mid?.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
