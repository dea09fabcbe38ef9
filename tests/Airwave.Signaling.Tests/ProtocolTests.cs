using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Airwave.Signaling.Broadcasts;
using Airwave.Signaling.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace Airwave.Signaling.Tests;

/// <summary>Protocol version 1 between a broadcaster's page, a viewer's page and one replica (SQLite), frame by frame.</summary>
public sealed class ProtocolTests : IAsyncLifetime
{
    private static readonly string[] AliceAndCarol = ["alice", "carol"];
    private static readonly string[] Alice = ["alice"];
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("airwave-protocol-");
    private SignalingServer _server = null!;
    private TestSite _site = null!;

    public async Task InitializeAsync()
    {
        _server = await SignalingServer.StartAsync(_folder.FullName, settings: new Dictionary<string, string?>
        {
            ["Signaling:Sessions:MaxMessageBytes"] = "20000",
            ["Signaling:Sessions:MessagesPerSecond"] = "20",
            ["Signaling:Sessions:MessageBurst"] = "40",
            ["Signaling:Sessions:ResumeGrace"] = "00:00:01",
            ["Signaling:Sessions:MaxSubscriptions"] = "150",
            ["Signaling:Ice:StunUrls:0"] = "stun:stun.shop.example:3478",
            ["Signaling:Ice:TurnUrls:0"] = "turn:turn.shop.example:3478",
            ["SIGNALING_TURN_SECRET"] = "turn-shared-secret",
        });
        _site = await TestSite.CreateAsync(_server);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task Subscriptions_add_up_to_the_limit_and_a_frame_that_would_pass_it_adds_nobody()
    {
        var (viewer, _) = await PageSocket.HelloAsync(_server, _site, "viewer", "bob");
        await using var _ = viewer;
        string[] Users(int from, int count) => [.. Enumerable.Range(from, count).Select(n => $"user-{n}")];

        await viewer.SendAsync(new { v = 1, type = "subscribe", users = Users(0, 100) });
        var first = (await viewer.ReadUntilAsync("presence"))[^1];
        await viewer.SendAsync(new { v = 1, type = "subscribe", users = Users(100, 100) });
        var refused = await viewer.ExpectErrorAsync("too-many-subscriptions");

        // The refused frame added nobody, and users already followed cost nothing again: 50 new ones fit.
        await viewer.SendAsync(new { v = 1, type = "subscribe", users = Users(50, 100)[..50].Concat(Users(100, 50)).ToArray() });
        var fitted = await viewer.ExpectAsync("presence");
        await viewer.SendAsync(new { v = 1, type = "subscribe", users = Users(150, 1) });
        var full = await viewer.ExpectErrorAsync("too-many-subscriptions");

        Assert.Equal("user-0", (string?)first["user"]);
        Assert.Equal("a connection follows at most 150 users' presence; it follows 100, and this frame adds 100", (string?)refused["message"]);
        Assert.Equal("user-50", (string?)fitted["user"]);
        Assert.Equal("a connection follows at most 150 users' presence; it follows 150, and this frame adds 1", (string?)full["message"]);
    }

    [Fact]
    public async Task A_viewer_asks_the_broadcaster_accepts_and_their_offer_answer_and_candidates_are_relayed()
    {
        var (broadcaster, welcome) = await PageSocket.HelloAsync(_server, _site, "broadcaster", "alice");
        await using var _ = broadcaster;
        var (viewer, viewerWelcome) = await PageSocket.HelloAsync(_server, _site, "viewer", "bob");
        await using var __ = viewer;

        Assert.Equal("alice", (string?)welcome["user"]);
        Assert.NotNull((string?)welcome["session"]);
        Assert.False((bool)welcome["resumed"]!);
        Assert.Equal(10, (int?)welcome["heartbeatSeconds"]);
        var ice = welcome["iceServers"]!.AsArray();
        Assert.Equal("stun:stun.shop.example:3478", (string?)ice[0]!["urls"]![0]);
        Assert.EndsWith(":alice", (string?)ice[1]!["username"], StringComparison.Ordinal);
        Assert.NotNull((string?)ice[1]!["credential"]);
        Assert.Null(viewerWelcome["session"]);

        await viewer.SendAsync(new { v = 1, type = "subscribe", users = AliceAndCarol });
        var presence = new[] { await viewer.ExpectAsync("presence"), await viewer.ExpectAsync("presence") }.ToDictionary(p => (string)p["user"]!, p => (bool)p["live"]!);
        Assert.True(presence["alice"]);
        Assert.False(presence["carol"]);

        await viewer.SendAsync(new { v = 1, type = "watch", broadcaster = "alice" });
        var pending = await viewer.ExpectAsync("watch-pending");
        var asked = await broadcaster.ExpectAsync("watch-request");
        Assert.Equal((string?)pending["request"], (string?)asked["request"]);
        Assert.Equal("bob", (string?)asked["viewer"]);
        var request = (string)asked["request"]!;

        await broadcaster.SendAsync(new { v = 1, type = "accept", request });
        var accepted = await viewer.ExpectAsync("accepted");
        var ready = await broadcaster.ExpectAsync("viewer-ready");
        Assert.Equal("p2p", (string?)accepted["topology"]);
        Assert.Equal("alice", (string?)accepted["broadcaster"]);
        Assert.Equal("bob", (string?)ready["viewer"]);

        await broadcaster.SendAsync(new { v = 1, type = "offer", request, sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n", negotiation = "1" });
        var offer = await viewer.ExpectAsync("offer");
        Assert.Equal("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n", (string?)offer["sdp"]);
        Assert.Equal("1", (string?)offer["negotiation"]);
        await viewer.SendAsync(new { v = 1, type = "answer", request, sdp = "v=0 answer", negotiation = "1" });
        var answer = await broadcaster.ExpectAsync("answer");
        Assert.Equal("v=0 answer", (string?)answer["sdp"]);
        Assert.Equal("1", (string?)answer["negotiation"]);
        await viewer.SendAsync(new { v = 1, type = "answer", request, sdp = "v=0 answer", negotiation = new string('n', RelayFrames.MaxNegotiationLength + 1) });
        Assert.Contains("negotiation, when given, is a string of 1 to 64 characters", (string?)(await viewer.ExpectErrorAsync("bad-message"))["message"], StringComparison.Ordinal);
        await viewer.SendAsync(new { v = 1, type = "ice", request, candidate = new { candidate = "candidate:1 1 udp 2122260223 10.0.0.2 50000 typ host", sdpMid = "0", sdpMLineIndex = 0 } });
        var candidate = (await broadcaster.ExpectAsync("ice"))["candidate"]!;
        Assert.Equal("0", (string?)candidate["sdpMid"]);
        Assert.Equal(0, (int?)candidate["sdpMLineIndex"]);
        await broadcaster.SendAsync(new { v = 1, type = "ice", request, candidate = (object?)null });
        Assert.Null((await viewer.ExpectAsync("ice"))["candidate"]);

        await viewer.SendAsync(new { v = 1, type = "bye", request });
        Assert.Equal(request, (string?)(await broadcaster.ExpectAsync("viewer-left"))["request"]);
        var stored = await _server.Services.GetRequiredService<BroadcastStore>().GetRequestAsync(request, CancellationToken.None);
        Assert.Equal(ViewerRequest.Accepted, stored!.Decision);
        Assert.NotNull(stored.EndedAt);
    }

    [Fact]
    public async Task A_viewer_whose_request_the_broadcaster_closed_no_longer_reaches_its_page()
    {
        var (broadcaster, _) = await PageSocket.HelloAsync(_server, _site, "broadcaster", "alice");
        await using var b = broadcaster;
        var (viewer, _) = await PageSocket.HelloAsync(_server, _site, "viewer", "bob");
        await using var v = viewer;
        var request = await PageSocket.WatchAcceptedAsync(viewer, broadcaster, "alice");

        // Candidates in a burst, as pages send them: all of them arrive.
        for (var i = 0; i < 3; i++)
        {
            await viewer.SendAsync(new { v = 1, type = "ice", request, candidate = new { candidate = $"candidate:{i} 1 udp 1 192.0.2.1 9 typ host" } });
            Assert.Equal($"candidate:{i} 1 udp 1 192.0.2.1 9 typ host", (string?)(await broadcaster.ExpectAsync("ice"))["candidate"]!["candidate"]);
        }

        await broadcaster.SendAsync(new { v = 1, type = "bye", request });
        Assert.Equal("closed-by-broadcaster", (string?)(await viewer.ExpectAsync("bye"))["reason"]);
        await viewer.SendAsync(new { v = 1, type = "ice", request, candidate = new { candidate = "candidate:9 1 udp 1 192.0.2.1 9 typ host" } });

        Assert.Contains("only once it accepted the request", (string?)(await viewer.ExpectErrorAsync("not-allowed"))["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_reaches_the_viewer_the_request_stays_refused_and_the_viewer_neither_reaches_the_broadcaster_nor_asks_again_at_once()
    {
        var (broadcaster, _) = await PageSocket.HelloAsync(_server, _site, "broadcaster", "alice");
        await using var b = broadcaster;
        var (viewer, _) = await PageSocket.HelloAsync(_server, _site, "viewer", "bob");
        await using var v = viewer;

        await viewer.SendAsync(new { v = 1, type = "watch", broadcaster = "alice" });
        var request = (string)(await broadcaster.ExpectAsync("watch-request"))["request"]!;
        // Not yet accepted: nothing of the viewer's reaches the broadcaster's page.
        await viewer.SendAsync(new { v = 1, type = "ice", request, candidate = new { candidate = "candidate:1 1 udp 1 192.0.2.1 9 typ host" } });
        var pending = await viewer.ExpectErrorAsync("not-allowed");
        await broadcaster.SendAsync(new { v = 1, type = "refuse", request });

        Assert.Equal(request, (string?)(await viewer.ExpectAsync("refused"))["request"]);
        await broadcaster.SendAsync(new { v = 1, type = "accept", request, id = "late" });
        var late = await broadcaster.ExpectErrorAsync("unknown-request");
        Assert.Equal("late", (string?)late["ref"]);
        await viewer.SendAsync(new { v = 1, type = "offer", request, sdp = "x" });
        await viewer.ExpectErrorAsync("not-allowed");
        await viewer.SendAsync(new { v = 1, type = "answer", request, sdp = "x" });
        await viewer.ExpectErrorAsync("not-allowed");
        await viewer.SendAsync(new { v = 1, type = "watch", broadcaster = "alice" });
        var again = await viewer.ExpectErrorAsync("rate-limited");

        Assert.Contains("only once it accepted the request", (string?)pending["message"], StringComparison.Ordinal);
        Assert.Contains("alice refused this viewer: ask again after", (string?)again["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forged_and_expired_user_tokens_are_refused_and_give_no_identity()
    {
        // Tokens before sockets: minting one starts a process, which may outlast the service's hello deadline.
        var forgedToken = await PyJwt.ForUserAsync(new string('x', 40), _site.Id, "alice", TimeSpan.FromMinutes(5));
        var expiredToken = await _site.TokenAsync("bob", TimeSpan.FromMinutes(-5));
        await using var forged = await PageSocket.OpenAsync(_server, _site.Id, _site.Origin);
        await using var expired = await PageSocket.OpenAsync(_server, _site.Id, _site.Origin);

        await forged.SendAsync(new { v = 1, type = "hello", role = "broadcaster", token = forgedToken });
        await expired.SendAsync(new { v = 1, type = "hello", role = "viewer", token = expiredToken });

        Assert.Contains("not signed with the secret of site shop", (string?)(await forged.ExpectErrorAsync("token-invalid"))["message"], StringComparison.Ordinal);
        await expired.ExpectErrorAsync("token-expired");
        await forged.SendAsync(new { v = 1, type = "watch", broadcaster = "alice" });
        await forged.ExpectErrorAsync("hello-first");
        Assert.Null(await _server.Services.GetRequiredService<BroadcastStore>().FindLiveAsync(_site.Id, "alice", CancellationToken.None));
    }

    [Fact]
    public async Task The_upgrade_is_refused_for_a_foreign_origin_an_unknown_site_and_no_origin()
    {
        var foreign = await Assert.ThrowsAsync<WebSocketException>(() => PageSocket.OpenAsync(_server, _site.Id, "https://evil.example"));
        var unknown = await Assert.ThrowsAsync<WebSocketException>(() => PageSocket.OpenAsync(_server, "nosuchsite", _site.Origin));
        using var plain = new HttpRequestMessage(HttpMethod.Get, "/ws/v1?site=shop");
        var notWebSocket = await _server.Public.SendAsync(plain);

        Assert.Contains("403", foreign.Message, StringComparison.Ordinal);
        Assert.Contains("404", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, notWebSocket.StatusCode);
    }

    [Fact]
    public async Task Bad_frames_get_error_frames_and_the_connection_goes_on()
    {
        var (page, _) = await PageSocket.HelloAsync(_server, _site, "viewer", "bob");
        await using var p = page;

        await page.SendTextAsync("not json");
        await page.ExpectErrorAsync("bad-message");
        await page.SendTextAsync("");
        await page.ExpectErrorAsync("bad-message");
        await page.SendTextAsync("""{"type": "heartbeat"}""");
        await page.ExpectErrorAsync("bad-message");
        await page.SendTextAsync("""{"v": 2, "type": "heartbeat", "id": "h2"}""");
        Assert.Equal("h2", (string?)(await page.ExpectErrorAsync("unsupported-version"))["ref"]);
        await page.SendTextAsync("""{"v": 1, "type": "dance"}""");
        Assert.Contains("dance", (string?)(await page.ExpectErrorAsync("bad-message"))["message"], StringComparison.Ordinal);
        await page.SendBinaryAsync([1, 2, 3]);
        await page.ExpectErrorAsync("bad-message");
        await page.SendAsync(new { v = 1, type = "ice", request = "x", candidate = new string('c', 30_000) });
        await page.ExpectErrorAsync("message-too-large");
        await page.SendAsync(new { v = 1, type = "hello", role = "viewer", token = "x" });
        await page.ExpectErrorAsync("already-introduced");
        await page.SendAsync(new { v = 1, type = "watch", broadcaster = "nobody" });
        await page.ExpectErrorAsync("broadcaster-offline");
        await page.SendAsync(new { v = 1, type = "watch", broadcaster = "bob" });
        await page.ExpectErrorAsync("not-allowed");

        await page.SendAsync(new { v = 1, type = "heartbeat" });
        Assert.NotNull((long?)(await page.ExpectAsync("heartbeat"))["serverTime"]);
    }

    [Fact]
    public async Task A_page_sending_too_fast_has_frames_dropped_with_an_error_and_stays_connected()
    {
        var (page, _) = await PageSocket.HelloAsync(_server, _site, "viewer", "bob");
        await using var p = page;

        for (var i = 0; i < 60; i++)
        {
            await page.SendAsync(new { v = 1, type = "heartbeat" });
        }

        var replies = new List<JsonObject>();
        for (var i = 0; i < 60; i++)
        {
            replies.Add((await page.ReceiveAsync())!);
        }

        var errors = replies.Where(r => (string?)r["type"] == "error").ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal("rate-limited", (string?)e["code"]));
        // The burst is 40 frames and the hello took one of them; more come back only as the bucket refills.
        Assert.InRange(replies.Count(r => (string?)r["type"] == "heartbeat"), 39, 59);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await page.SendAsync(new { v = 1, type = "heartbeat" });
        await page.ExpectAsync("heartbeat");
    }

    [Fact]
    public async Task A_refreshed_broadcaster_resumes_its_session_and_its_viewer_without_asking_again()
    {
        var (broadcaster, welcome) = await PageSocket.HelloAsync(_server, _site, "broadcaster", "alice");
        var (viewer, _) = await PageSocket.HelloAsync(_server, _site, "viewer", "bob");
        await using var v = viewer;
        var request = await PageSocket.WatchAcceptedAsync(viewer, broadcaster, "alice");

        broadcaster.Drop();
        await broadcaster.DisposeAsync();
        Assert.Equal(request, (string?)(await viewer.ExpectAsync("broadcaster-away"))["request"]);
        var (again, resumed) = await PageSocket.HelloAsync(_server, _site, "broadcaster", "alice", (string)welcome["resumeToken"]!);
        await using var a = again;

        Assert.True((bool)resumed["resumed"]!);
        Assert.Equal((string?)welcome["session"], (string?)resumed["session"]);
        Assert.Equal(request, (string?)(await again.ExpectAsync("viewer-ready"))["request"]);
        Assert.Equal(request, (string?)(await viewer.ExpectAsync("broadcaster-back"))["request"]);
        await again.SendAsync(new { v = 1, type = "offer", request, sdp = "second offer" });
        Assert.Equal("second offer", (string?)(await viewer.ExpectAsync("offer"))["sdp"]);
    }

    [Fact]
    public async Task A_refreshed_viewer_is_connected_again_without_asking_the_broadcaster()
    {
        var (broadcaster, _) = await PageSocket.HelloAsync(_server, _site, "broadcaster", "alice");
        await using var b = broadcaster;
        var (viewer, _) = await PageSocket.HelloAsync(_server, _site, "viewer", "bob");
        var request = await PageSocket.WatchAcceptedAsync(viewer, broadcaster, "alice");
        await broadcaster.ExpectAsync("viewer-ready");

        viewer.Drop();
        await viewer.DisposeAsync();
        await broadcaster.ExpectAsync("viewer-away");
        var (again, _) = await PageSocket.HelloAsync(_server, _site, "viewer", "bob");
        await using var v = again;
        await again.SendAsync(new { v = 1, type = "watch", broadcaster = "alice" });

        Assert.Equal(request, (string?)(await again.ExpectAsync("accepted"))["request"]);
        Assert.Equal(request, (string?)(await broadcaster.ExpectAsync("viewer-ready"))["request"]);
    }

    [Fact]
    public async Task A_broadcaster_that_does_not_come_back_within_the_grace_period_ends_its_broadcast()
    {
        var (broadcaster, welcome) = await PageSocket.HelloAsync(_server, _site, "broadcaster", "alice");
        var (viewer, _) = await PageSocket.HelloAsync(_server, _site, "viewer", "bob");
        await using var v = viewer;
        await viewer.SendAsync(new { v = 1, type = "subscribe", users = Alice });
        await viewer.ExpectAsync("presence");
        await viewer.SendAsync(new { v = 1, type = "watch", broadcaster = "alice" });
        var request = (string)(await broadcaster.ExpectAsync("watch-request"))["request"]!;

        broadcaster.Drop();
        await broadcaster.DisposeAsync();
        var store = _server.Services.GetRequiredService<BroadcastStore>();
        await Eventually.MatchAsync(() => store.GetAsync((string)welcome["session"]!, CancellationToken.None), s => s?.EndedAt is not null, TimeSpan.FromSeconds(20), "the session ended by the sweeper");

        var ended = await viewer.ExpectAsync("broadcast-ended");
        Assert.Equal(request, (string?)ended["request"]);
        Assert.Equal("lost", (string?)ended["reason"]);
        var presence = await viewer.ExpectAsync("presence");
        Assert.False((bool)presence["live"]!);
        var (late, resumed) = await PageSocket.HelloAsync(_server, _site, "broadcaster", "alice", (string)welcome["resumeToken"]!);
        await using var l = late;
        Assert.False((bool)resumed["resumed"]!);
        Assert.NotEqual((string?)welcome["session"], (string?)resumed["session"]);
    }

    [Fact]
    public async Task A_second_broadcast_of_the_same_user_replaces_the_first()
    {
        var (first, firstWelcome) = await PageSocket.HelloAsync(_server, _site, "broadcaster", "alice");
        await using var f = first;
        var (second, secondWelcome) = await PageSocket.HelloAsync(_server, _site, "broadcaster", "alice");
        await using var s = second;

        var ended = await first.ExpectAsync("ended");
        Assert.Equal("replaced", (string?)ended["reason"]);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await first.ExpectClosedAsync());
        var store = _server.Services.GetRequiredService<BroadcastStore>();
        Assert.Equal(EndReasons.Replaced, (await store.GetAsync((string)firstWelcome["session"]!, CancellationToken.None))!.EndReason);
        Assert.Equal((string?)secondWelcome["session"], (await store.FindLiveAsync(_site.Id, "alice", CancellationToken.None))!.Id);
    }

    [Fact]
    public async Task A_broadcaster_saying_bye_ends_the_broadcast_for_its_viewers()
    {
        var (broadcaster, welcome) = await PageSocket.HelloAsync(_server, _site, "broadcaster", "alice");
        await using var b = broadcaster;
        var (viewer, _) = await PageSocket.HelloAsync(_server, _site, "viewer", "bob");
        await using var v = viewer;
        var request = await PageSocket.WatchAcceptedAsync(viewer, broadcaster, "alice");

        await broadcaster.SendAsync(new { v = 1, type = "bye" });

        var ended = await viewer.ExpectAsync("broadcast-ended");
        Assert.Equal("ended", (string?)ended["reason"]);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await broadcaster.ExpectClosedAsync());
        var session = await _server.Services.GetRequiredService<BroadcastStore>().GetAsync((string)welcome["session"]!, CancellationToken.None);
        Assert.Equal(EndReasons.Ended, session!.EndReason);
    }
}
