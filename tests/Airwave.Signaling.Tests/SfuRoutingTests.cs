using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Airwave.Api.LiveStreams;
using Airwave.Sfu.Configuration;
using Airwave.Signaling.Configuration;
using Airwave.Signaling.SfuRouting;
using Airwave.Testing.Sfu;
using Microsoft.Extensions.DependencyInjection;

namespace Airwave.Signaling.Tests;

/// <summary>
/// WHIP and WHEP through the signaling service: a publisher and a viewer that are not browsers (aiortc) reach the
/// stream's SFU pod, found by its Service's name, at the stream's WHIP and WHEP URLs; a session's URL reaches that pod
/// again. What no pod can answer is said here.
/// </summary>
public sealed class SfuRoutingTests : IAsyncLifetime
{
    private const string PublishKey = "publish-key-for-signaling-tests";
    private const string SharedKey = "broadcast-key-the-operator-and-signaling-share";
    private static readonly string[] TeamAStage = ["team-a/stage"];
    private readonly string _folder = Directory.CreateTempSubdirectory("airwave-signaling-whip-").FullName;
    private SfuProcess _sfu = null!;

    public async Task InitializeAsync()
    {
        _sfu = await SfuProcess.StartAsync(new Dictionary<string, string?>
        {
            ["Sfu:MediaPorts"] = "42300-42319",
            [SfuSettings.PublishKeyVariable] = PublishKey,
            // What the operator gives stream team-a/stage's pods when it has the shared key.
            [SfuSettings.BroadcastKeyVariable] = BroadcastKey.ForStream(SharedKey, "team-a", "stage"),
        });
        await _sfu.WaitReadyAsync();
    }

    [Fact]
    public async Task A_publisher_and_a_viewer_reach_the_streams_pod_through_its_whip_and_whep_urls_and_end_their_sessions_there()
    {
        await using var signaling = await ToFixturePodAsync(SharedKey);
        var whip = new Uri(signaling.Public.BaseAddress!, "whip/v1/team-a/stage");
        var whep = new Uri(signaling.Public.BaseAddress!, "whep/v1/team-a/stage");

        await using var publishing = WhipPublisher.Start(whip, PublishKey);
        await publishing.ConnectedAsync();
        var viewed = await WebRtcClients.ViewAsync(whep, frames: 20);
        var published = await publishing.StopAsync();
        var guessed = await WebRtcClients.PublishAsync(whip, "not-the-key", TimeSpan.Zero);

        Assert.Equal(201, (int?)published["status"]);
        Assert.Equal("application/sdp", (string?)published["contentType"]);
        Assert.Matches("^/whip/v1/team-a/stage/sessions/7f000001-[0-9a-f]{32}$", (string?)published["location"]);
        Assert.Contains("connected", published["states"]!.AsArray().Select(s => (string?)s));
        Assert.True((int?)published["packetsSent"]?["video"] > 0, published.ToJsonString());
        WebRtcClients.AssertPatchedAsSpecified(published);
        // The service's ICE servers, as RFC 9725 section 4.6 gives them: a TURN credential minted for the session.
        Assert.Matches(
            "^<stun:stun.shop.example:3478>; rel=\"ice-server\", <turn:turn.shop.example:3478\\?transport=udp>; rel=\"ice-server\"; username=\"[0-9]+:whip-[0-9a-f]{32}\"; credential=\"[A-Za-z0-9+/=]{28}\"; credential-type=\"password\"$",
            (string?)published["link"]);
        Assert.Equal(200, (int?)published["delete"]);
        Assert.Equal(404, (int?)published["deleteAgain"]);
        Assert.Matches("^/whep/v1/team-a/stage/sessions/7f000001-[0-9a-f]{32}$", (string?)viewed["location"]);
        Assert.True((int?)viewed["framesDecoded"] >= 20, viewed.ToJsonString());
        WebRtcClients.AssertPatchedAsSpecified(viewed);
        Assert.Equal(200, (int?)viewed["delete"]);
        Assert.Equal(404, (int?)viewed["deleteAgain"]);
        Assert.Equal(401, (int?)guessed["status"]);
        Assert.Contains("Send the stream's publish key as the bearer token.", (string?)guessed["body"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broadcast_with_its_sites_second_viewer_takes_a_free_stream_and_its_grant_publishes_there_until_it_ends()
    {
        await using var signaling = await ToFixturePodAsync(SharedKey);
        var site = await TestSite.CreateAsync(signaling, sfu: new { streams = TeamAStage, viewers = 2 });
        var (first, welcome) = await PageSocket.HelloAsync(signaling, site, "broadcaster", "alice");
        await using var f = first;
        var alice = first;
        var (bob, _) = await PageSocket.HelloAsync(signaling, site, "viewer", "bob");
        await using var b = bob;
        var (carol, _) = await PageSocket.HelloAsync(signaling, site, "viewer", "carol");
        await using var c = carol;

        // One viewer is served peer-to-peer; the second moves the broadcast.
        await PageSocket.WatchAcceptedAsync(bob, alice, "alice");
        var afterFirst = await alice.ReadUntilAsync("viewer-ready");
        await PageSocket.WatchAcceptedAsync(carol, alice, "alice");
        var sfu = await alice.ExpectAsync("sfu");
        var whip = new Uri(signaling.Public.BaseAddress!, (string)sfu["whip"]!);
        await using var publishing = WhipPublisher.Start(whip, (string)sfu["token"]!);
        await publishing.ConnectedAsync();

        // Once the page publishes there, its viewers are told to watch there, and so is the next one accepted.
        await Eventually.MatchAsync(() => _sfu.Api.GetStringAsync(new Uri("whip", UriKind.Relative)), s => s.Contains("\"publishing\":true", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the broadcast published to the stream's pod");
        await alice.SendAsync(new { v = 1, type = "sfu-live" });
        var bobTopology = await bob.ExpectAsync("topology");
        var carolTopology = await carol.ExpectAsync("topology");
        var whep = new Uri(signaling.Public.BaseAddress!, (string)carolTopology["whep"]!);
        var watched = await WebRtcClients.ViewAsync(whep, frames: 10, token: (string)carolTopology["grant"]!);
        // Each grant opens one session, for its viewer: taken again, or missing, the pod is not called.
        var again = await WebRtcClients.ViewAsync(whep, frames: 0, token: (string)carolTopology["grant"]!);
        var without = await WebRtcClients.ViewAsync(whep, frames: 0);
        var elsewhere = await WebRtcClients.ViewAsync(new Uri(signaling.Public.BaseAddress!, "whep/v1/team-a/rehearsal"), frames: 0, token: (string)bobTopology["grant"]!);
        await carol.SendAsync(new { v = 1, type = "sfu-watching", request = (string)carolTopology["request"]! });
        var switched = await alice.ExpectAsync("viewer-switched");
        var (erin, _) = await PageSocket.HelloAsync(signaling, site, "viewer", "erin");
        await using var e = erin;
        await erin.SendAsync(new { v = 1, type = "watch", broadcaster = "alice" });
        await alice.SendAsync(new { v = 1, type = "accept", request = (string)(await alice.ExpectAsync("watch-request"))["request"]! });
        var erinAccepted = await erin.ExpectAsync("accepted");
        var erinReady = await alice.ExpectAsync("viewer-ready");
        var published = await publishing.StopAsync();

        // A refreshed page is told again where its broadcast publishes.
        first.Drop();
        (alice, _) = await PageSocket.HelloAsync(signaling, site, "broadcaster", "alice", resume: (string?)welcome["resumeToken"]);
        await using var a = alice;
        var sfuAgain = await alice.ExpectAsync("sfu");

        // The one stream is held: another broadcast of the site stays peer-to-peer.
        var (dave, _) = await PageSocket.HelloAsync(signaling, site, "broadcaster", "dave");
        await using var d = dave;
        await PageSocket.WatchAcceptedAsync(bob, dave, "dave");
        await PageSocket.WatchAcceptedAsync(carol, dave, "dave");
        await dave.SendAsync(new { v = 1, type = "heartbeat" });
        var daveFrames = await dave.ReadUntilAsync("heartbeat");

        // Once alice's broadcast ends, its grant publishes no more.
        await alice.SendAsync(new { v = 1, type = "bye" });
        await alice.ExpectClosedAsync();
        var afterEnd = await WebRtcClients.PublishAsync(whip, (string)sfu["token"]!, TimeSpan.Zero);
        var watchAfterEnd = await WebRtcClients.ViewAsync(whep, frames: 0, token: (string)erinAccepted["grant"]!);

        Assert.DoesNotContain(afterFirst, f => (string?)f["type"] == "sfu");
        Assert.Equal("team-a/stage", (string?)sfu["stream"]);
        Assert.Equal("/whip/v1/team-a/stage", (string?)sfu["whip"]);
        Assert.Equal(201, (int?)published["status"]);
        Assert.True((int?)published["packetsSent"]?["video"] > 0, published.ToJsonString());
        Assert.Equal(("sfu", "/whep/v1/team-a/stage"), ((string?)bobTopology["topology"], (string?)bobTopology["whep"]));
        Assert.Equal(201, (int?)watched["status"]);
        Assert.True((int?)watched["framesDecoded"] >= 10, watched.ToJsonString());
        Assert.Equal(403, (int?)again["status"]);
        Assert.Contains("the grant was used already", (string?)again["body"], StringComparison.Ordinal);
        Assert.Equal(403, (int?)without["status"]);
        Assert.Contains("takes the viewer grant", (string?)without["body"], StringComparison.Ordinal);
        Assert.Equal(403, (int?)elsewhere["status"]);
        Assert.Equal((string?)carolTopology["request"], (string?)switched["request"]);
        Assert.Equal(("sfu", "/whep/v1/team-a/stage"), ((string?)erinAccepted["topology"], (string?)erinAccepted["whep"]));
        Assert.Equal("sfu", (string?)erinReady["topology"]);
        // The session's DELETE carries the grant too.
        Assert.Equal(200, (int?)published["delete"]);
        Assert.Equal("/whip/v1/team-a/stage", (string?)sfuAgain["whip"]);
        Assert.DoesNotContain(daveFrames, f => (string?)f["type"] == "sfu");
        Assert.Equal(401, (int?)afterEnd["status"]);
        Assert.Contains("its broadcast has ended or no longer goes through this stream", (string?)afterEnd["body"], StringComparison.Ordinal);
        Assert.Equal(403, (int?)watchAfterEnd["status"]);
        Assert.Contains("has ended", (string?)watchAfterEnd["body"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grant_that_expired_names_another_stream_or_was_not_issued_here_is_refused_saying_why_while_the_streams_key_publishes()
    {
        await using var signaling = await ToFixturePodAsync(SharedKey);
        var grants = signaling.Services.GetRequiredService<BroadcastGrants>();
        var forged = new BroadcastGrants(new SfuRouteSettings { BroadcastKey = new string('x', 40) }, null!, TimeProvider.System).Issue("team-a", "stage", "broadcast-1", TimeSpan.FromMinutes(5));

        using var expired = await SendAsync(signaling, HttpMethod.Post, "whip/v1/team-a/stage", token: grants.Issue("team-a", "stage", "broadcast-1", TimeSpan.FromMinutes(-1)));
        using var otherStream = await SendAsync(signaling, HttpMethod.Post, "whip/v1/team-a/stage", token: grants.Issue("team-a", "rehearsal", "broadcast-1", TimeSpan.FromMinutes(5)));
        using var notOurs = await SendAsync(signaling, HttpMethod.Post, "whip/v1/team-a/stage", token: forged);
        var streamKey = await WebRtcClients.PublishAsync(new Uri(signaling.Public.BaseAddress!, "whip/v1/team-a/stage"), PublishKey, TimeSpan.Zero);

        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal("Bearer", expired.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("the grant has expired", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, otherStream.StatusCode);
        Assert.Contains("the grant is for another stream than team-a/stage", await otherStream.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, notOurs.StatusCode);
        Assert.Contains("the grant is not one this service issued", await notOurs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The stream's own key (OBS's) still publishes.
        Assert.Equal(201, (int?)streamKey["status"]);
    }

    [Fact]
    public async Task A_short_broadcast_key_is_refused_at_start_without_showing_it()
    {
        var error = await Assert.ThrowsAsync<Airwave.Configuration.SettingException>(() => SignalingServer.StartAsync(_folder, settings: new Dictionary<string, string?>
        {
            ["Signaling:Sfu:BroadcastKey"] = "too-short-a-key",
        }));

        Assert.StartsWith("Signaling:Sfu:BroadcastKey is 15 characters long: it needs at least 32", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("too-short-a-key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_no_pod_can_answer_is_said_by_the_service_and_any_origin_may_publish()
    {
        await using var signaling = await SignalingServer.StartAsync(_folder, settings: new Dictionary<string, string?>
        {
            ["Signaling:Sfu:ApiPort"] = _sfu.ApiPort.ToString(CultureInfo.InvariantCulture),
        }, services: s => s.AddSingleton<ISfuPodAddresses>(new StreamPods("stage", IPAddress.Loopback)));

        using var noPod = await PostAsync(signaling, "whip/v1/team-a/rehearsal");
        using var badName = await PostAsync(signaling, "whip/v1/Team_A/stage");
        using var otherPod = await SendAsync(signaling, HttpMethod.Delete, $"whip/v1/team-a/stage/sessions/0a000001-{new string('a', 32)}");
        using var preflight = await signaling.Public.SendAsync(new HttpRequestMessage(HttpMethod.Options, "whip/v1/team-a/stage")
        {
            Headers = { { "Origin", "https://studio.example.com" }, { "Access-Control-Request-Method", "POST" }, { "Access-Control-Request-Headers", "authorization, content-type" } },
        });
        using var fromPage = await SendAsync(signaling, HttpMethod.Post, "whip/v1/team-a/stage", origin: "https://studio.example.com");
        using var huge = await signaling.Public.PostAsync(new Uri("whep/v1/team-a/stage", UriKind.Relative), new StringContent("v=0\r\n" + new string('a', 70 * 1024), new MediaTypeHeaderValue("application/sdp")));

        var metrics = await signaling.Management.GetStringAsync(new Uri("metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, noPod.StatusCode);
        // Each request counted by protocol, method and what was answered; the pod's own answers as the pod gave them.
        Assert.Equal(1, Requests(metrics, "whip", "POST", 503));
        Assert.Equal(1, Requests(metrics, "whip", "DELETE", 404));
        Assert.Equal(1, Requests(metrics, "whip", "POST", 401));
        Assert.Equal(1, Requests(metrics, "whep", "POST", 413));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Contains("LiveStream rehearsal in namespace team-a has no ready SFU pod", await noPod.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, badName.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherPod.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal("*", preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", preflight.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        // The pod's own answer (no key: 401) reaches the page, with the headers it may read.
        Assert.Equal(HttpStatusCode.Unauthorized, fromPage.StatusCode);
        Assert.Equal("*", fromPage.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Location", fromPage.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Of_a_streams_pods_the_one_with_the_publisher_takes_its_viewers_and_refuses_a_second_publisher()
    {
        // A second pod on another loopback address with the same API port, as a Service's pods are.
        var port = _sfu.ApiPort.ToString(CultureInfo.InvariantCulture);
        await using var second = await SfuProcess.StartAsync(
            new Dictionary<string, string?> { ["Sfu:MediaPorts"] = "42320-42339", ["Sfu:ApiPort"] = port, [SfuSettings.PublishKeyVariable] = PublishKey },
            "127.0.0.2");
        await second.WaitReadyAsync();
        await using var signaling = await SignalingServer.StartAsync(_folder, settings: new Dictionary<string, string?>
        {
            ["Signaling:Sfu:ApiPort"] = port,
        }, services: s => s.AddSingleton<ISfuPodAddresses>(new StreamPods("stage", IPAddress.Loopback, IPAddress.Parse("127.0.0.2"))));

        // The publisher is on the pod that is not first.
        await using var publishing = WhipPublisher.Start(new Uri($"http://127.0.0.2:{port}/whip"), PublishKey);
        await publishing.ConnectedAsync();
        var viewed = await WebRtcClients.ViewAsync(new Uri(signaling.Public.BaseAddress!, "whep/v1/team-a/stage"), frames: 20);
        var another = await WebRtcClients.PublishAsync(new Uri(signaling.Public.BaseAddress!, "whip/v1/team-a/stage"), PublishKey, TimeSpan.Zero);
        var published = await publishing.StopAsync();

        Assert.Equal(201, (int?)published["status"]);
        Assert.Matches("^/whep/v1/team-a/stage/sessions/7f000002-[0-9a-f]{32}$", (string?)viewed["location"]);
        Assert.True((int?)viewed["framesDecoded"] >= 20, $"{viewed.ToJsonString()}\n{EngineLog(second)}");
        Assert.Equal(409, (int?)another["status"]);
    }

    [Fact]
    public async Task Viewers_go_to_the_least_watched_pod_that_has_the_publisher_or_its_relay_and_does_not_drain()
    {
        // Two pods of a stream on loopback addresses of their own, sharing the API port and the room admin key, the
        // first told both are the stream's: it relays the publisher to the second.
        var port = Airwave.Sandbox.Aws.LoopbackPorts.Reserve().ToString(CultureInfo.InvariantCulture);
        var (first, second) = (IPAddress.Loopback, IPAddress.Parse("127.0.0.2"));
        await using var owner = await SfuProcess.StartAsync(
            new Dictionary<string, string?>
            {
                ["Sfu:MediaPorts"] = "42340-42359",
                ["Sfu:ApiPort"] = port,
                ["Sfu:PodAddress"] = "127.0.0.1",
                ["Sfu:PeersHost"] = "sfu-stage.team-a.svc",
                [SfuSettings.RoomAdminKeyVariable] = "room-admin-key",
                [SfuSettings.PublishKeyVariable] = PublishKey,
            },
            services: s => s.AddSingleton<Airwave.Sfu.Relay.ISfuPeers>(new StreamPeers(first, second)));
        await using var other = await SfuProcess.StartAsync(
            new Dictionary<string, string?>
            {
                ["Sfu:MediaPorts"] = "42360-42379",
                ["Sfu:ApiPort"] = port,
                ["Sfu:PodAddress"] = "127.0.0.2",
                [SfuSettings.RoomAdminKeyVariable] = "room-admin-key",
                [SfuSettings.PublishKeyVariable] = PublishKey,
            },
            "127.0.0.2");
        await owner.WaitReadyAsync();
        await other.WaitReadyAsync();
        await using var signaling = await SignalingServer.StartAsync(_folder, settings: new Dictionary<string, string?>
        {
            ["Signaling:Sfu:ApiPort"] = port,
        }, services: s => s.AddSingleton<ISfuPodAddresses>(new StreamPods("stage", first, second)));
        var whep = new Uri(signaling.Public.BaseAddress!, "whep/v1/team-a/stage");

        // The publisher sends until every viewer below has its frames.
        await using var publishing = WhipPublisher.Start(new Uri(signaling.Public.BaseAddress!, "whip/v1/team-a/stage"), PublishKey);
        await Eventually.MatchAsync(() => other.Api.GetStringAsync(new Uri("whip", UriKind.Relative)), text => text.Contains("\"relayed\":true", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the publisher relayed to the second pod");
        // The first viewer must still be watching when the second is routed, which takes a Python process's start:
        // 300 frames (10 s) outlast that by far, where 60 (2 s) did not on a loaded machine.
        var watching = WebRtcClients.ViewAsync(whep, frames: 300);
        await Eventually.MatchAsync(() => owner.Api.GetStringAsync(new Uri("whip", UriKind.Relative)), text => text.Contains("\"viewers\":1", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the first viewer on the publisher's pod");
        var later = await WebRtcClients.ViewAsync(whep, frames: 20);
        var earlier = await watching;

        // The publisher's pod drains: with no viewers on either pod, a new one goes to the other.
        using var drain = new HttpRequestMessage(HttpMethod.Put, new Uri(owner.Management.BaseAddress!, "drain")) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "room-admin-key") } };
        using var drained = await owner.Management.SendAsync(drain);
        var afterDrain = await WebRtcClients.ViewAsync(whep, frames: 10);
        var published = await publishing.StopAsync();

        Assert.Equal(201, (int?)published["status"]);
        // Equally watched, the publisher's own pod goes first; then the one with fewer viewers.
        Assert.Matches("^/whep/v1/team-a/stage/sessions/7f000001-[0-9a-f]{32}$", (string?)earlier["location"]);
        Assert.Matches("^/whep/v1/team-a/stage/sessions/7f000002-[0-9a-f]{32}$", (string?)later["location"]);
        // A viewer short of frames is told with what the pod's engine said.
        Assert.True((int?)earlier["framesDecoded"] >= 300, $"{earlier.ToJsonString()}\n{EngineLog(owner)}");
        Assert.True((int?)later["framesDecoded"] >= 20, $"{later.ToJsonString()}\n{EngineLog(other)}");
        Assert.Equal(HttpStatusCode.NoContent, drained.StatusCode);
        Assert.True(Regex.IsMatch((string?)afterDrain["location"] ?? "", "^/whep/v1/team-a/stage/sessions/7f000002-[0-9a-f]{32}$"), afterDrain.ToJsonString());
    }

    [Fact]
    public async Task A_new_publisher_goes_to_a_pod_that_holds_no_relay_of_one_that_has_gone()
    {
        var port = Airwave.Sandbox.Aws.LoopbackPorts.Reserve().ToString(CultureInfo.InvariantCulture);
        var (first, second) = (IPAddress.Loopback, IPAddress.Parse("127.0.0.2"));
        var settings = (string address, string media) => new Dictionary<string, string?>
        {
            ["Sfu:MediaPorts"] = media,
            ["Sfu:ApiPort"] = port,
            ["Sfu:PodAddress"] = address,
            [SfuSettings.RoomAdminKeyVariable] = "room-admin-key",
            [SfuSettings.PublishKeyVariable] = PublishKey,
        };
        // The relay must outlast the test, however long a loaded machine takes over it: past its lease the pod drops
        // it and rightly takes the next publisher.
        var holding = new Dictionary<string, string?>(settings("127.0.0.1", "42380-42399")) { ["Sfu:RelayLease"] = "00:10:00" };
        await using var stale = await SfuProcess.StartAsync(holding);
        await using var other = await SfuProcess.StartAsync(settings("127.0.0.2", "42400-42419"), "127.0.0.2");
        await stale.WaitReadyAsync();
        await other.WaitReadyAsync();
        await using var signaling = await SignalingServer.StartAsync(_folder, settings: new Dictionary<string, string?>
        {
            ["Signaling:Sfu:ApiPort"] = port,
        }, services: s => s.AddSingleton<ISfuPodAddresses>(new StreamPods("stage", first, second)));

        // The first pod holds the relay of a publisher whose pod has gone (as until its lease ends).
        using var relay = new HttpRequestMessage(HttpMethod.Post, new Uri(stale.Api.BaseAddress!, "relay"))
        {
            Content = new StringContent("""{"streams":[{"type":"audio","mindex":0,"mid":"0","codec":"opus"},{"type":"video","mindex":1,"mid":"1","codec":"vp8"}]}""", System.Text.Encoding.UTF8, "application/json"),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "room-admin-key") },
        };
        using var relayed = await stale.Api.SendAsync(relay);
        var published = await WebRtcClients.PublishAsync(new Uri(signaling.Public.BaseAddress!, "whip/v1/team-a/stage"), PublishKey, TimeSpan.FromSeconds(1));

        // Beside a pod that does not say how it is (nothing answers on 127.0.0.3), the stale one is still not chosen.
        await using var unsure = await SignalingServer.StartAsync(_folder, settings: new Dictionary<string, string?>
        {
            ["Signaling:Sfu:ApiPort"] = port,
        }, services: s => s.AddSingleton<ISfuPodAddresses>(new StreamPods("stage", first, IPAddress.Parse("127.0.0.3"))));
        using var toSilent = await SendAsync(unsure, HttpMethod.Post, "whip/v1/team-a/stage");

        Assert.Equal(HttpStatusCode.OK, relayed.StatusCode);
        Assert.Equal(201, (int?)published["status"]);
        Assert.Matches("^/whip/v1/team-a/stage/sessions/7f000002-[0-9a-f]{32}$", (string?)published["location"]);
        Assert.Equal(HttpStatusCode.BadGateway, toSilent.StatusCode);
    }

    [Fact]
    public async Task A_pod_that_does_not_answer_is_a_bad_gateway()
    {
        await using var signaling = await SignalingServer.StartAsync(_folder, settings: new Dictionary<string, string?>
        {
            ["Signaling:Sfu:PodsHost"] = "127.0.0.1",
            // Nothing listens there.
            ["Signaling:Sfu:ApiPort"] = Airwave.Sandbox.Aws.LoopbackPorts.Reserve().ToString(CultureInfo.InvariantCulture),
        });

        using var answer = await PostAsync(signaling, "whip/v1/team-a/stage");

        Assert.Equal(HttpStatusCode.BadGateway, answer.StatusCode);
        Assert.Contains("The stream's SFU pod did not answer", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await _sfu.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task New_sessions_from_one_address_past_its_limit_are_refused_with_429_and_retry_after_while_its_sessions_go_on()
    {
        await using var signaling = await SignalingServer.StartAsync(_folder, settings: new Dictionary<string, string?>
        {
            ["Signaling:Sfu:PodsHost"] = "127.0.0.1",
            ["Signaling:Sfu:ApiPort"] = _sfu.ApiPort.ToString(CultureInfo.InvariantCulture),
            ["Signaling:Sfu:NewSessionsPerAddressPerMinute"] = "3",
        });

        var answered = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var asked = await SendAsync(signaling, HttpMethod.Post, i % 2 == 0 ? "whep/v1/team-a/stage" : "whip/v1/team-a/stage", token: null);
            answered.Add(asked.StatusCode);
        }

        using var fourth = await SendAsync(signaling, HttpMethod.Post, "whep/v1/team-a/stage", token: null);
        using var ending = await SendAsync(signaling, HttpMethod.Delete, $"whep/v1/team-a/stage/sessions/7f000001-{new string('a', 32)}", token: null);

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, answered);
        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        Assert.Equal("application/problem+json", fourth.Content.Headers.ContentType?.MediaType);
        Assert.InRange(fourth.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        Assert.Contains("opened 3 WHIP and WHEP sessions within a minute", await fourth.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, ending.StatusCode);
    }

    private static Task<HttpResponseMessage> PostAsync(SignalingServer signaling, string path) =>
        SendAsync(signaling, HttpMethod.Post, path, token: PublishKey);

    /// <summary>The service, finding the stream's pods at the fixture's pod (the pods' host name is an address: no cluster DNS here).</summary>
    private Task<SignalingServer> ToFixturePodAsync(string? broadcastKey) => SignalingServer.StartAsync(_folder, settings: new Dictionary<string, string?>
    {
        ["Signaling:Sfu:PodsHost"] = "127.0.0.1",
        ["Signaling:Sfu:ApiPort"] = _sfu.ApiPort.ToString(CultureInfo.InvariantCulture),
        ["Signaling:Sfu:BroadcastKey"] = broadcastKey,
        ["Signaling:Ice:StunUrls:0"] = "stun:stun.shop.example:3478",
        ["Signaling:Ice:TurnUrls:0"] = "turn:turn.shop.example:3478?transport=udp",
        ["SIGNALING_TURN_SECRET"] = "turn-shared-secret",
    });

    private static Task<HttpResponseMessage> SendAsync(SignalingServer signaling, HttpMethod method, string path, string? token = PublishKey, string? origin = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent("v=0\r\n", new MediaTypeHeaderValue("application/sdp"));
        }

        if (token is not null && origin is null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return signaling.Public.SendAsync(request);
    }

    /// <summary>What the pod's engine said of its peer connections (sessions and handles coming and going left out).</summary>
    private static string EngineLog(SfuProcess pod) =>
        string.Join('\n', pod.Logs.Lines.Where(l => l.Contains("janus: [", StringComparison.Ordinal) && !l.Contains("Handle and related resources freed", StringComparison.Ordinal)).TakeLast(40));

    /// <summary>The requests counted with these labels in a scrape of /metrics (0 when there is no such series).</summary>
    private static double Requests(string scrape, string protocol, string method, int code) =>
        scrape.Split('\n')
            .Where(l => l.StartsWith("airwave_signaling_sfu_requests_total{", StringComparison.Ordinal)
                && l.Contains($"protocol=\"{protocol}\"", StringComparison.Ordinal)
                && l.Contains($"method=\"{method}\"", StringComparison.Ordinal)
                && l.Contains($"code=\"{code.ToString(CultureInfo.InvariantCulture)}\"", StringComparison.Ordinal))
            .Select(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture))
            .Sum();

    /// <summary>One stream with its ready pods; every other stream has none.</summary>
    private sealed class StreamPeers(params IPAddress[] pods) : Airwave.Sfu.Relay.ISfuPeers
    {
        public Task<IReadOnlyList<IPAddress>> ResolveAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<IPAddress>>(pods);
    }

    private sealed class StreamPods(string stream, params IPAddress[] pods) : ISfuPodAddresses
    {
        public Task<IReadOnlyList<IPAddress>> ResolveAsync(string ns, string name, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<IPAddress>>(name == stream ? pods : []);
    }
}
