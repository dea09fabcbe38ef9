using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Airwave.Sfu.Configuration;
using Airwave.Testing.Sfu;

namespace Airwave.Sfu.Tests;

/// <summary>
/// WHIP on an SFU pod's API port, tried with a publisher that is not a browser (aiortc): the stream's one publisher
/// joins the pod's room with the publish key, media flows, DELETE ends it; what WHIP refuses is refused as it says.
/// </summary>
public sealed class WhipTests
{
    private const string PublishKey = "publish-key-for-tests";

    [Fact]
    public async Task A_publisher_sends_media_into_the_streams_room_over_whip_and_a_second_one_is_refused_while_it_does()
    {
        await using var sfu = await SfuProcess.StartAsync(new Dictionary<string, string?> { ["Sfu:MediaPorts"] = "41300-41319", [SfuSettings.PublishKeyVariable] = PublishKey });
        await sfu.WaitReadyAsync();
        var whip = new Uri(sfu.Api.BaseAddress!, "whip");

        await using var publishing = WhipPublisher.Start(whip, PublishKey);
        var participants = await Eventually.MatchAsync(
            () => ParticipantsAsync(sfu),
            list => list.Any(p => (bool?)p?["publisher"] == true),
            TimeSpan.FromSeconds(30),
            "the publisher in the pod's room");
        var second = await WebRtcClients.PublishAsync(whip, PublishKey, TimeSpan.Zero);
        var during = await sfu.Api.GetStringAsync(new Uri("whip", UriKind.Relative));
        var metrics = await sfu.Management.GetStringAsync(new Uri("metrics", UriKind.Relative));
        var report = await publishing.StopAsync();

        Assert.Equal(201, (int?)report["status"]);
        Assert.Equal("application/sdp", (string?)report["contentType"]);
        Assert.StartsWith("/whip/", (string?)report["location"], StringComparison.Ordinal);
        Assert.Contains("connected", report["states"]!.AsArray().Select(s => (string?)s));
        Assert.True((int?)report["packetsSent"]?["video"] > 0, report.ToJsonString());
        Assert.True((int?)report["packetsSent"]?["audio"] > 0, report.ToJsonString());
        Assert.Equal(1, (long?)participants.Single()!["id"]);
        Assert.Equal(409, (int?)second["status"]);
        Assert.Contains("The stream has a publisher", (string?)second["body"], StringComparison.Ordinal);
        WebRtcClients.AssertPatchedAsSpecified(report);
        Assert.Equal(200, (int?)report["delete"]);
        Assert.Equal(404, (int?)report["deleteAgain"]);
        await Eventually.MatchAsync(() => ParticipantsAsync(sfu), list => list.Count == 0, TimeSpan.FromSeconds(15), "the room empty once the session ended");
        // Whether the publisher is here, which the signaling service asks to send viewers to this pod.
        Assert.Equal("""{"publishing":true,"relayed":false,"viewers":0,"draining":false}""", during);
        // The operator drains the publisher's pod last.
        Assert.Contains("airwave_sfu_publishing 1", metrics, StringComparison.Ordinal);
        Assert.Equal("""{"publishing":false,"relayed":false,"viewers":0,"draining":false}""", await sfu.Api.GetStringAsync(new Uri("whip", UriKind.Relative)));
    }

    [Fact]
    public async Task Whip_refuses_a_missing_or_wrong_key_and_what_is_not_an_sdp_offer_and_takes_the_broadcast_key_too_and_whep_only_that_key()
    {
        await using var sfu = await SfuProcess.StartAsync(new Dictionary<string, string?>
        {
            ["Sfu:MediaPorts"] = "41320-41339",
            [SfuSettings.PublishKeyVariable] = PublishKey,
            [SfuSettings.BroadcastKeyVariable] = "broadcast-key-for-tests",
        });
        await sfu.WaitReadyAsync();

        using var missing = await PostAsync(sfu, null, "application/sdp", "v=0\r\n");
        using var wrong = await PostAsync(sfu, "guessed", "application/sdp", "v=0\r\n");
        using var json = await PostAsync(sfu, PublishKey, "application/json", "{}");
        using var notSdp = await PostAsync(sfu, PublishKey, "application/sdp", "hello");
        using var broadcast = await PostAsync(sfu, "broadcast-key-for-tests", "application/sdp", "hello");
        using var unknown = await sfu.Api.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "whip/0123") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", PublishKey) } });
        using var viewerWithoutKey = await sfu.Api.PostAsync(new Uri("whep", UriKind.Relative), null);
        using var viewerWithPublishKey = await sfu.Api.SendAsync(new HttpRequestMessage(HttpMethod.Post, "whep") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", PublishKey) } });
        using var viewerOfSignaling = await sfu.Api.SendAsync(new HttpRequestMessage(HttpMethod.Post, "whep")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "broadcast-key-for-tests") },
            Content = new StringContent(
                "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\na=recvonly\r\na=rtpmap:96 VP8/90000\r\n",
                new MediaTypeHeaderValue("application/sdp")),
        });

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notSdp.StatusCode);
        // Past the key check: the signaling service's broadcast key is taken as the publish key is.
        Assert.Equal(HttpStatusCode.BadRequest, broadcast.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        // A viewer's session is opened only by the signaling service, which checks the viewer's grant.
        Assert.Equal(HttpStatusCode.Unauthorized, viewerWithoutKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, viewerWithPublishKey.StatusCode);
        // Let in, and told there is nothing to watch yet.
        Assert.Equal(HttpStatusCode.Conflict, viewerOfSignaling.StatusCode);
        Assert.Empty(await ParticipantsAsync(sfu));
    }

    [Fact]
    public async Task A_pod_without_a_publish_key_takes_no_publisher()
    {
        await using var sfu = await SfuProcess.StartAsync(new Dictionary<string, string?> { ["Sfu:MediaPorts"] = "41340-41359" });
        await sfu.WaitReadyAsync();

        using var refused = await PostAsync(sfu, "anything", "application/sdp", "v=0\r\n");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("This SFU pod has no publish key.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> PostAsync(SfuProcess sfu, string? token, string type, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "whip") { Content = new StringContent(body, new MediaTypeHeaderValue(type)) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return sfu.Api.SendAsync(request);
    }

    /// <summary>The participants of the pod's room, as the engine lists them.</summary>
    private static async Task<List<JsonNode?>> ParticipantsAsync(SfuProcess sfu)
    {
        var session = (long)(await sfu.JanusAsync("", new JsonObject { ["janus"] = "create" }))["data"]!["id"]!;
        var handle = (long)(await sfu.JanusAsync($"{session}", new JsonObject { ["janus"] = "attach", ["plugin"] = "janus.plugin.videoroom" }))["data"]!["id"]!;
        var listed = await sfu.JanusAsync($"{session}/{handle}", new JsonObject { ["janus"] = "message", ["body"] = new JsonObject { ["request"] = "listparticipants", ["room"] = SfuSettings.Room } });
        await sfu.JanusAsync($"{session}", new JsonObject { ["janus"] = "destroy" });
        return [.. listed["plugindata"]!["data"]!["participants"]!.AsArray()];
    }
}
