using System.Text.Json.Nodes;
using Airwave.Configuration;
using Airwave.Events.Signing;
using Airwave.Signaling.Broadcasts;
using Airwave.Signaling.Events;
using Airwave.Testing.Downstream;
using Microsoft.Extensions.DependencyInjection;

namespace Airwave.Signaling.Tests;

/// <summary>
/// Events about broadcasts reach the site's own service as the operator's do (DOWNSTREAM_SERVICE_*, CloudEvents,
/// signed): checked by a receiver that verifies the signature and token itself.
/// </summary>
public sealed class DownstreamEventsTests : IAsyncLifetime
{
    private const string SinkToken = "sink-token-for-tests";
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("airwave-signaling-events-");
    private readonly string _secret = WebhookSecret.Generate();
    private Receiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _receiver = await Receiver.StartAsync();
        _receiver.Secrets = [_secret];
        _receiver.Token = SinkToken;
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task A_broadcast_reports_its_start_its_end_and_its_time_on_each_day_to_the_sites_service()
    {
        // Thirty seconds before midnight UTC, so the broadcast counts time on two days. The receiver checks the
        // signatures' timestamps against the same clock.
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 1, 23, 59, 30, TimeSpan.Zero));
        _receiver.Clock = clock;
        await using var server = await StartAsync(clock: clock);
        var site = await TestSite.CreateAsync(server);

        var (broadcaster, welcome) = await PageSocket.HelloAsync(server, site, "broadcaster", "alice");
        await using var _ = broadcaster;
        var session = (string)welcome["session"]!;
        foreach (var seconds in new[] { 20, 20, 15 })
        {
            clock.Advance(TimeSpan.FromSeconds(seconds));
            await broadcaster.SendAsync(new { v = 1, type = "heartbeat" });
            await broadcaster.ExpectAsync("heartbeat");
        }

        clock.Advance(TimeSpan.FromSeconds(5));
        await broadcaster.SendAsync(new { v = 1, type = "bye" });
        var events = await ReceivedAsync(4);

        Assert.Equal(0, _receiver.Rejected);
        Assert.Equal(
            ["dev.airwave.broadcast.started", "dev.airwave.broadcast.ended", "dev.airwave.broadcast.analytics", "dev.airwave.broadcast.analytics"],
            events.Select(e => (string?)e["type"]));
        Assert.All(events, e =>
        {
            Assert.Equal($"/api/v1/sites/shop/broadcasts/{session}", (string?)e["source"]);
            Assert.Equal("shop/alice", (string?)e["subject"]);
            Assert.Equal("1.0", (string?)e["specversion"]);
            Assert.Equal(session, (string?)e["data"]!["session_id"]);
            Assert.Equal("alice", (string?)e["data"]!["user_id"]);
            Assert.Equal("shop", (string?)e["data"]!["site_id"]);
        });
        Assert.Equal(4, events.Select(e => (string?)e["id"]).Distinct().Count());

        var ended = events[1]["data"]!;
        Assert.Equal("ended", (string?)ended["end_reason"]);
        Assert.Equal(60.0, (double)ended["broadcast_seconds"]!);
        var days = events.Skip(2).Select(e => e["data"]!).ToList();
        Assert.Equal(["2026-03-01", "2026-03-02"], days.Select(d => (string?)d["day"]));
        Assert.Equal([30.0, 30.0], days.Select(d => (double)d["broadcast_seconds"]!));

        // What the events say is what the service keeps per day.
        var kept = await server.Services.GetRequiredService<TimeLedger>().ListAsync("shop", "alice", new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 2), CancellationToken.None);
        Assert.Equal([30.0, 30.0], kept.Select(t => t.Duration.TotalSeconds));
        await AssertOutboxEmptyAsync(server);
    }

    [Fact]
    public async Task A_viewers_page_reports_its_view_and_the_sites_service_gets_it_viewed_and_its_performance_when_it_ends()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        _receiver.Clock = clock;
        await using var server = await StartAsync(new Dictionary<string, string?> { ["Signaling:Views:TruncateAddresses"] = "true" }, clock);
        var site = await TestSite.CreateAsync(server);
        var (broadcaster, welcome) = await PageSocket.HelloAsync(server, site, "broadcaster", "alice");
        await using var _ = broadcaster;
        var (viewer, _) = await PageSocket.HelloAsync(server, site, "viewer", "bob");
        await using var __ = viewer;
        var request = await PageSocket.WatchAcceptedAsync(viewer, broadcaster, "alice");

        await ViewAsync(viewer, request, new { type = "play", t = 0 }, new { type = "quality_change", t = 300, rendition = new { width = 640, height = 480 } }, new { type = "playing", t = 800 });
        clock.Advance(TimeSpan.FromSeconds(8));
        await ViewAsync(viewer, request, new { type = "buffering_start", t = 5_000 }, new { type = "buffering_end", t = 6_500 }, new { type = "quality_change", t = 7_000, rendition = new { width = 320, height = 240 } });
        clock.Advance(TimeSpan.FromSeconds(4));
        await ViewAsync(viewer, request, new { type = "end", t = 12_000 });

        var events = await ReceivedAsync(3);
        Assert.Equal(0, _receiver.Rejected);
        Assert.Equal(["dev.airwave.broadcast.started", "dev.airwave.stream.viewed", "dev.airwave.stream.analytics"], events.Select(e => (string?)e["type"]));
        var session = (string)welcome["session"]!;
        var (viewed, performance) = (events[1]["data"]!, events[2]["data"]!["data"]!);
        Assert.All(events.Skip(1), e => Assert.Equal("shop/alice", (string?)e["subject"]));
        Assert.Equal("stream_viewed", (string?)viewed["event_type"]);
        Assert.Equal(session, (string?)viewed["stream_data"]!["stream_id"]);
        Assert.Equal("alice", (string?)viewed["stream_data"]!["name"]);
        Assert.Equal("shop", (string?)viewed["stream_data"]!["namespace"]);
        Assert.Equal(request, (string?)viewed["session_id"]);
        Assert.Equal("bob", (string?)viewed["viewer_user_id"]);
        Assert.Equal("127.0.0.0", (string?)viewed["ip_address"]);

        Assert.Equal("stream_performance", (string?)events[2]["data"]!["analytics_type"]);
        Assert.Equal(session, (string?)events[2]["data"]!["stream_id"]);
        Assert.Equal(request, (string?)performance["session_id"]);
        Assert.Equal("bob", (string?)performance["viewer_user_id"]);
        Assert.Equal(12.0, (double)performance["view_duration"]!);
        Assert.Equal(800.0, (double)performance["startup_time_ms"]!);
        Assert.Equal(1, (int)performance["buffering_events"]!);
        Assert.Equal(1.5, (double)performance["buffering_duration"]!);
        Assert.Equal(1, (int)performance["quality_changes"]!);
        Assert.Equal("ended", (string?)performance["end_reason"]);
        await AssertOutboxEmptyAsync(server);
    }

    [Fact]
    public async Task A_view_whose_page_goes_away_ends_as_disconnected_counting_up_to_then_and_nothing_is_viewed_without_an_accepted_request()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        _receiver.Clock = clock;
        await using var server = await StartAsync(clock: clock);
        var site = await TestSite.CreateAsync(server);
        var (broadcaster, _) = await PageSocket.HelloAsync(server, site, "broadcaster", "alice");
        await using var _ = broadcaster;
        var (viewer, _) = await PageSocket.HelloAsync(server, site, "viewer", "bob");
        var (pending, _) = await PageSocket.HelloAsync(server, site, "viewer", "carol");
        await using var __ = pending;

        // Refused, and nothing published: a broadcaster's view, a request still undecided, a request of another page, a bad event.
        await broadcaster.SendAsync(new { v = 1, type = "view", request = "any", events = new[] { new { type = "play", t = 0 } } });
        await broadcaster.ExpectErrorAsync("not-allowed");
        var request = await PageSocket.WatchAcceptedAsync(viewer, broadcaster, "alice");
        await pending.SendAsync(new { v = 1, type = "watch", broadcaster = "alice" });
        var undecided = (string)(await pending.ExpectAsync("watch-pending"))["request"]!;
        await pending.SendAsync(new { v = 1, type = "view", request = undecided, events = new[] { new { type = "play", t = 0 } } });
        Assert.Contains("has not accepted", (string?)(await pending.ExpectErrorAsync("not-allowed"))["message"], StringComparison.Ordinal);
        await pending.SendAsync(new { v = 1, type = "view", request, events = new[] { new { type = "play", t = 0 } } });
        await pending.ExpectErrorAsync("unknown-request");
        await viewer.SendAsync(new { v = 1, type = "view", request, events = new[] { new { type = "rewind", t = 0 } } });
        Assert.Contains("events[0].type is rewind", (string?)(await viewer.ExpectErrorAsync("bad-message"))["message"], StringComparison.Ordinal);

        await ViewAsync(viewer, request, new { type = "play", t = 0 }, new { type = "playing", t = 500 });
        clock.Advance(TimeSpan.FromSeconds(20));
        viewer.Drop();

        var events = await ReceivedAsync(3);
        Assert.Equal(["dev.airwave.broadcast.started", "dev.airwave.stream.viewed", "dev.airwave.stream.analytics"], events.Select(e => (string?)e["type"]));
        var performance = events[2]["data"]!["data"]!;
        Assert.Equal("disconnected", (string?)performance["end_reason"]);
        Assert.Equal(20.0, (double)performance["view_duration"]!);
        Assert.Equal("127.0.0.1", (string?)events[1]["data"]!["ip_address"]);
        await AssertOutboxEmptyAsync(server);
        Assert.Equal(3, _receiver.Events.Count);
    }

    [Fact]
    public async Task Events_wait_through_a_receiver_outage_and_a_restart_of_the_service_and_arrive_once()
    {
        _receiver.Default = ReceiverResponse.ServerError;
        var server = await StartAsync();
        var site = await TestSite.CreateAsync(server);
        var (broadcaster, _) = await PageSocket.HelloAsync(server, site, "broadcaster", "alice");
        await broadcaster.SendAsync(new { v = 1, type = "bye" });
        await broadcaster.DisposeAsync();
        await Eventually.MatchAsync(() => _receiver.Requests, r => r >= 2, TimeSpan.FromSeconds(30), "the service trying the receiver that fails");
        await server.DisposeAsync();

        // Started again on the same database with the receiver back: what waited is delivered, once.
        _receiver.Default = ReceiverResponse.Accept;
        await using var again = await StartAsync();
        var events = await ReceivedAsync(3);
        Assert.Equal(["dev.airwave.broadcast.started", "dev.airwave.broadcast.ended", "dev.airwave.broadcast.analytics"], events.Select(e => (string?)e["type"]));
        await AssertOutboxEmptyAsync(again);
        Assert.Equal(3, _receiver.Events.Count);
    }

    [Fact]
    public async Task An_answer_lost_after_the_receiver_took_the_events_sends_them_again_with_the_same_ids()
    {
        // The receiver records the batch, then answers after the sender gave up waiting.
        _receiver.Script(ReceiverResponse.Slow);
        await using var server = await StartAsync(new Dictionary<string, string?> { ["DOWNSTREAM_SERVICE_TIMEOUT"] = "1s" });
        var site = await TestSite.CreateAsync(server);
        var (broadcaster, _) = await PageSocket.HelloAsync(server, site, "broadcaster", "alice");
        await using var _ = broadcaster;

        var events = await Eventually.MatchAsync(() => _receiver.Events, e => e.Count >= 2, TimeSpan.FromSeconds(30), "the started event delivered twice");
        Assert.Equal(2, _receiver.Accepted.Count);
        Assert.Equal((string?)events[0]["id"], (string?)events[1]["id"]);
        Assert.Equal(_receiver.Accepted[0].MessageId, _receiver.Accepted[1].MessageId);
        await AssertOutboxEmptyAsync(server);
    }

    [Theory]
    [InlineData(null, "DOWNSTREAM_SERVICE_SIGNING_SECRET is needed to send events")]
    [InlineData("whsec_not base64!", "DOWNSTREAM_SERVICE_SIGNING_SECRET: a webhook signing secret must be \"whsec_\" followed by base64")]
    public async Task Sending_events_without_a_good_signing_secret_is_refused_at_start_with_the_reason(string? secret, string reason)
    {
        var error = await Assert.ThrowsAsync<SettingException>(() => SignalingServer.StartAsync(_folder.FullName, settings: new Dictionary<string, string?>
        {
            ["DOWNSTREAM_SERVICE_ENABLED"] = "true",
            ["DOWNSTREAM_SERVICE_URL"] = _receiver.Url.ToString(),
            ["DOWNSTREAM_SERVICE_SIGNING_SECRET"] = secret,
        }));
        Assert.StartsWith(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not base64!", error.Message, StringComparison.Ordinal);
    }

    private Task<SignalingServer> StartAsync(IDictionary<string, string?>? extra = null, TimeProvider? clock = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["DOWNSTREAM_SERVICE_ENABLED"] = "true",
            ["DOWNSTREAM_SERVICE_URL"] = _receiver.Url.ToString(),
            ["DOWNSTREAM_SERVICE_TOKEN"] = SinkToken,
            ["DOWNSTREAM_SERVICE_SIGNING_SECRET"] = _secret,
            ["Downstream:InitialBackoff"] = "00:00:00.2",
            ["Downstream:PollInterval"] = "00:00:01",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return SignalingServer.StartAsync(_folder.FullName, settings: settings, clock: clock);
    }

    /// <summary>Sends a view frame and waits until the service handled it (frames of a connection are handled in order).</summary>
    private static async Task ViewAsync(PageSocket viewer, string request, params object[] events)
    {
        await viewer.SendAsync(new { v = 1, type = "view", request, events });
        await viewer.SendAsync(new { v = 1, type = "heartbeat" });
        await viewer.ExpectAsync("heartbeat");
    }

    private Task<IReadOnlyList<JsonObject>> ReceivedAsync(int count) =>
        Eventually.MatchAsync(() => _receiver.Events, e => e.Count >= count, TimeSpan.FromSeconds(30), $"{count} events at the receiver");

    private static async Task AssertOutboxEmptyAsync(SignalingServer server)
    {
        var outbox = server.Services.GetRequiredService<DatabaseOutbox>();
        await Eventually.MatchAsync(async () => (await outbox.ReadAsync(CancellationToken.None)).Sum(s => s.Count), n => n == 0, TimeSpan.FromSeconds(10), "an empty outbox");
    }
}
