using System.Net;
using System.Net.Http.Headers;
using Airwave.Sfu.Configuration;
using Airwave.Testing.Sfu;

namespace Airwave.Sfu.Tests;

/// <summary>
/// WHEP on an SFU pod's API port, with a viewer that is not a browser (aiortc): the viewer offers, the pod answers, the
/// viewer decodes the publisher's video, trickles and restarts ICE by PATCH; what WHEP refuses is refused as it says.
/// </summary>
public sealed class WhepTests
{
    private const string PublishKey = "publish-key-for-whep-tests";

    [Fact]
    public async Task A_viewers_offer_is_answered_it_decodes_the_publishers_video_and_patches_its_session_as_specified()
    {
        await using var sfu = await SfuProcess.StartAsync(new Dictionary<string, string?> { ["Sfu:MediaPorts"] = "41360-41379", [SfuSettings.PublishKeyVariable] = PublishKey });
        await sfu.WaitReadyAsync();
        var whep = new Uri(sfu.Api.BaseAddress!, "whep");

        var before = await WebRtcClients.ViewAsync(whep, frames: 1);
        await using var publishing = WhipPublisher.Start(new Uri(sfu.Api.BaseAddress!, "whip"), PublishKey);
        await publishing.ConnectedAsync();
        var viewed = await WebRtcClients.ViewAsync(whep, frames: 20);
        await publishing.StopAsync();

        Assert.Equal(409, (int?)before["status"]);
        Assert.Contains("The stream has no publisher", (string?)before["body"], StringComparison.Ordinal);
        Assert.Equal("application/sdp", (string?)viewed["contentType"]);
        Assert.StartsWith("/whep/", (string?)viewed["location"], StringComparison.Ordinal);
        Assert.Contains("connected", viewed["states"]!.AsArray().Select(s => (string?)s));
        Assert.True((int?)viewed["framesDecoded"] >= 20, viewed.ToJsonString());
        // The stream's codecs at the engine's payload types (aiortc offered VP8 at another): what arrives is decoded.
        Assert.Equal(["VP8", "rtx"], viewed["answeredVideo"]!.AsArray().Select(c => (string?)c));
        Assert.Equal([96], viewed["payloadTypes"]!["video"]!.AsArray().Select(c => (int)c!));
        WebRtcClients.AssertPatchedAsSpecified(viewed);
        Assert.Equal(200, (int?)viewed["delete"]);
        Assert.Equal(404, (int?)viewed["deleteAgain"]);
    }

    [Fact]
    public async Task Video_packets_a_viewer_loses_are_asked_for_again_and_the_engine_sends_them_again()
    {
        await using var sfu = await SfuProcess.StartAsync(new Dictionary<string, string?> { ["Sfu:MediaPorts"] = "41600-41619", [SfuSettings.PublishKeyVariable] = PublishKey });
        await sfu.WaitReadyAsync();
        var whep = new Uri(sfu.Api.BaseAddress!, "whep");

        await using var publishing = WhipPublisher.Start(new Uri(sfu.Api.BaseAddress!, "whip"), PublishKey);
        await publishing.ConnectedAsync();
        var viewed = await WebRtcClients.ViewAsync(whep, frames: 150, loseEvery: 10);
        await publishing.StopAsync();

        // One in ten video packets lost on a path with a 20 ms round trip, after the first two seconds (whep_view.py).
        var lost = (int)viewed["lost"]!;
        Assert.True(lost >= 12, viewed.ToJsonString());
        Assert.Equal(lost, (int)viewed["nacked"]!);
        // A loss is noticed when the next packet arrives; one noticed later than the engine keeps sent packets (200 ms
        // at least; the test publisher sends some ten frames a second, slower on a busy machine) cannot be repaired.
        Assert.True((int)viewed["repaired"]! >= lost * 2 / 3, viewed.ToJsonString());
        Assert.True((int)viewed["rtxReceived"]! >= (int)viewed["repaired"]!, viewed.ToJsonString());
        Assert.True((int?)viewed["framesDecoded"] >= 150, viewed.ToJsonString());
    }

    [Fact]
    public async Task A_publisher_sending_h264_alone_as_obs_does_is_taken_and_its_viewers_are_offered_h264()
    {
        await using var sfu = await SfuProcess.StartAsync(new Dictionary<string, string?> { ["Sfu:MediaPorts"] = "41400-41419", [SfuSettings.PublishKeyVariable] = PublishKey });
        await sfu.WaitReadyAsync();

        await using var publishing = WhipPublisher.Start(new Uri(sfu.Api.BaseAddress!, "whip"), PublishKey, videoCodec: "H264");
        await publishing.ConnectedAsync();
        var viewed = await WebRtcClients.ViewAsync(new Uri(sfu.Api.BaseAddress!, "whep"), frames: 0);
        var published = await publishing.StopAsync();

        Assert.Equal(201, (int?)published["status"]);
        Assert.Equal(["H264"], published["answeredVideo"]!.AsArray().Select(c => (string?)c));
        Assert.True((int?)published["packetsSent"]?["video"] > 0, published.ToJsonString());
        // What the viewer decodes is not asserted: aiortc's H.264 encoder sends its parameter sets once, with its first
        // keyframe, and not again when the engine asks for a keyframe for a viewer who joins later, as OBS's does.
        Assert.Equal(["H264"], viewed["answeredVideo"]!.AsArray().Select(c => (string?)c).Where(c => c != "rtx"));
        Assert.Contains("connected", viewed["states"]!.AsArray().Select(s => (string?)s));
    }

    [Fact]
    public async Task Whep_refuses_an_offer_that_receives_nothing_a_body_that_is_not_sdp_and_an_unknown_session_and_lets_any_origin_in()
    {
        await using var sfu = await SfuProcess.StartAsync(new Dictionary<string, string?> { ["Sfu:MediaPorts"] = "41380-41399", [SfuSettings.PublishKeyVariable] = PublishKey });
        await sfu.WaitReadyAsync();
        const string SendOnly = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\na=sendonly\r\na=rtpmap:96 VP8/90000\r\n";

        using var nothing = await sfu.Api.PostAsync(new Uri("whep", UriKind.Relative), new StringContent(SendOnly, new MediaTypeHeaderValue("application/sdp")));
        using var text = await sfu.Api.PostAsync(new Uri("whep", UriKind.Relative), new StringContent(SendOnly, new MediaTypeHeaderValue("text/plain")));
        using var notSdp = await sfu.Api.PostAsync(new Uri("whep", UriKind.Relative), new StringContent("hello", new MediaTypeHeaderValue("application/sdp")));
        using var huge = await sfu.Api.PostAsync(new Uri("whep", UriKind.Relative), new StringContent("v=0\r\n" + new string('a', 70_000), new MediaTypeHeaderValue("application/sdp")));
        using var unknown = await sfu.Api.PatchAsync(new Uri($"whep/{new string('a', 32)}", UriKind.Relative), new StringContent("a=end-of-candidates\r\n", new MediaTypeHeaderValue("application/trickle-ice-sdpfrag")));
        using var preflight = await sfu.Api.SendAsync(new HttpRequestMessage(HttpMethod.Options, $"whep/{new string('a', 32)}")
        {
            Headers = { { "Origin", "https://player.example.com" }, { "Access-Control-Request-Method", "PATCH" }, { "Access-Control-Request-Headers", "content-type, if-match" } },
        });
        using var json = await sfu.Api.PatchAsync(new Uri($"whep/{new string('a', 32)}", UriKind.Relative), new StringContent("{}", new MediaTypeHeaderValue("application/json")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, nothing.StatusCode);
        Assert.Contains("The offer receives no media", await nothing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notSdp.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        // A page of any origin may watch, as a browser's WHEP player does, PATCHing its session.
        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal("*", preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("PATCH", preflight.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Contains("if-match", preflight.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
    }
}
