using System.Net.WebSockets;
using Airwave.Events.Signing;
using Airwave.Signaling.Broadcasts;
using Airwave.Signaling.Events;
using Airwave.Testing.Downstream;
using Microsoft.Extensions.DependencyInjection;

namespace Airwave.Signaling.Tests;

/// <summary>Two replicas of the service on one PostgreSQL database, as behind one Service: pages on different replicas still reach each other.</summary>
[Collection(PostgresFixture.Collection)]
public sealed class ReplicaTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly string[] Alice = ["alice"];
    private readonly List<SignalingServer> _replicas = [];
    private string _database = "";

    public async Task InitializeAsync() => _database = await postgres.NewDatabaseAsync();

    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_broadcaster_and_a_viewer_on_different_replicas_negotiate_through_the_database()
    {
        var (a, b) = (await StartReplicaAsync(), await StartReplicaAsync());
        var site = await TestSite.CreateAsync(a);
        var (broadcaster, welcome) = await PageSocket.HelloAsync(a, site, "broadcaster", "alice");
        await using var _ = broadcaster;
        var (viewer, _) = await PageSocket.HelloAsync(b, site, "viewer", "bob");
        await using var __ = viewer;

        await viewer.SendAsync(new { v = 1, type = "subscribe", users = Alice });
        Assert.True((bool)(await viewer.ExpectAsync("presence"))["live"]!);
        await viewer.SendAsync(new { v = 1, type = "watch", broadcaster = "alice" });
        var request = (string)(await broadcaster.ExpectAsync("watch-request"))["request"]!;
        await broadcaster.SendAsync(new { v = 1, type = "accept", request });
        Assert.Equal(request, (string?)(await viewer.ExpectAsync("accepted"))["request"]);

        // An offer with many candidates is larger than a PostgreSQL notification may be; the candidate sent after it
        // must still arrive after it.
        var largeOffer = "v=0\r\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"a=candidate:{i} 1 udp 2122260223 10.0.{i / 250}.{i % 250} 5{i:D4} typ host\r\n"));
        Assert.True(largeOffer.Length > 8000);
        await broadcaster.SendAsync(new { v = 1, type = "offer", request, sdp = largeOffer });
        await broadcaster.SendAsync(new { v = 1, type = "ice", request, candidate = new { candidate = "candidate:9 1 udp 1 10.0.0.9 59999 typ host", sdpMid = "0", sdpMLineIndex = 0 } });
        Assert.Equal(largeOffer, (string?)(await viewer.ExpectAsync("offer"))["sdp"]);
        Assert.Equal("0", (string?)(await viewer.ExpectAsync("ice"))["candidate"]!["sdpMid"]);
        await viewer.SendAsync(new { v = 1, type = "answer", request, sdp = "v=0 answer" });
        Assert.Equal("v=0 answer", (string?)(await broadcaster.ExpectAsync("answer"))["sdp"]);

        // The relay latency is measured where a frame reaches its page: the offer and the candidate on b, the answer on a.
        Assert.Contains("airwave_signaling_relay_latency_seconds_count 2\n", await b.Management.GetStringAsync("/metrics"), StringComparison.Ordinal);
        Assert.Contains("airwave_signaling_relay_latency_seconds_count 1\n", await a.Management.GetStringAsync("/metrics"), StringComparison.Ordinal);

        await broadcaster.SendAsync(new { v = 1, type = "bye" });
        Assert.Equal("ended", (string?)(await viewer.ExpectAsync("broadcast-ended"))["reason"]);
        Assert.False((bool)(await viewer.ExpectAsync("presence"))["live"]!);

        // The end, made on a, reaches b's page and ends what b knew of the request: the viewer's frames stop there.
        await viewer.SendAsync(new { v = 1, type = "ice", request, candidate = new { candidate = "candidate:10 1 udp 1 10.0.0.10 59998 typ host" } });
        await viewer.ExpectErrorAsync("not-allowed");
        var session = await b.Services.GetRequiredService<BroadcastStore>().GetAsync((string)welcome["session"]!, CancellationToken.None);
        Assert.Equal(EndReasons.Ended, session!.EndReason);
    }

    [Fact]
    public async Task A_replica_that_restarts_loses_no_broadcast_its_page_resumes_on_another_and_the_viewer_is_not_asked_again()
    {
        var (a, b) = (await StartReplicaAsync(), await StartReplicaAsync());
        var site = await TestSite.CreateAsync(a);
        var (broadcaster, welcome) = await PageSocket.HelloAsync(a, site, "broadcaster", "alice");
        var (viewer, _) = await PageSocket.HelloAsync(b, site, "viewer", "bob");
        await using var v = viewer;
        var request = await PageSocket.WatchAcceptedAsync(viewer, broadcaster, "alice");

        // Replica a goes away (a rolling update) while its page is connected; the page comes back through the Service to b.
        var closed = broadcaster.ExpectClosedAsync();
        _replicas.Remove(a);
        await a.DisposeAsync();
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await closed);
        await broadcaster.DisposeAsync();
        var (again, resumed) = await PageSocket.HelloAsync(b, site, "broadcaster", "alice", (string)welcome["resumeToken"]!);
        await using var r = again;

        Assert.True((bool)resumed["resumed"]!);
        Assert.Equal((string?)welcome["session"], (string?)resumed["session"]);
        Assert.Equal(request, (string?)(await again.ExpectAsync("viewer-ready"))["request"]);
        Assert.Equal(request, (string?)(await viewer.ExpectAsync("broadcaster-back"))["request"]);
        await again.SendAsync(new { v = 1, type = "offer", request, sdp = "offer after the restart" });
        Assert.Equal("offer after the restart", (string?)(await viewer.ExpectAsync("offer"))["sdp"]);
    }

    [Fact]
    public async Task Replicas_whose_database_connections_are_cut_become_unready_then_relay_again_once_reconnected()
    {
        var (a, b) = (await StartReplicaAsync(), await StartReplicaAsync());
        var site = await TestSite.CreateAsync(a);
        var (broadcaster, _) = await PageSocket.HelloAsync(a, site, "broadcaster", "alice");
        await using var p1 = broadcaster;
        var (viewer, _) = await PageSocket.HelloAsync(b, site, "viewer", "bob");
        await using var p2 = viewer;
        var request = await PageSocket.WatchAcceptedAsync(viewer, broadcaster, "alice");

        // Every connection of the service to its database ends, as when PostgreSQL restarts or fails over.
        await using (var admin = new Npgsql.NpgsqlConnection(_database))
        {
            await admin.OpenAsync();
            await using var cut = new Npgsql.NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", admin);
            Assert.True((long)(await cut.ExecuteScalarAsync())! >= 2, "the replicas' listening connections were cut");
        }

        foreach (var replica in new[] { a, b })
        {
            await Eventually.MatchAsync(async () => (await replica.Management.GetAsync("/readyz")).IsSuccessStatusCode, ready => ready, TimeSpan.FromSeconds(30), "the replica listening again");
        }

        // The replicas' connections to the database are new ones now; frames cross between them again.
        await broadcaster.SendAsync(new { v = 1, type = "offer", request, sdp = "offer after the cut" });
        Assert.Equal("offer after the cut", (string?)(await viewer.ExpectAsync("offer"))["sdp"]);
        await viewer.SendAsync(new { v = 1, type = "answer", request, sdp = "answer after the cut" });
        Assert.Equal("answer after the cut", (string?)(await broadcaster.ExpectAsync("answer"))["sdp"]);
    }

    [Fact]
    public async Task Of_two_replicas_one_delivers_each_event_once_and_when_it_stops_the_other_takes_over()
    {
        await using var receiver = await Receiver.StartAsync();
        var secret = WebhookSecret.Generate();
        receiver.Secrets = [secret];
        var settings = new Dictionary<string, string?>
        {
            ["DOWNSTREAM_SERVICE_ENABLED"] = "true",
            ["DOWNSTREAM_SERVICE_URL"] = receiver.Url.ToString(),
            ["DOWNSTREAM_SERVICE_SIGNING_SECRET"] = secret,
            ["Downstream:PollInterval"] = "00:00:01",
        };
        var (a, b) = (await StartReplicaAsync(settings), await StartReplicaAsync(settings));
        var site = await TestSite.CreateAsync(a);
        var leases = await Eventually.MatchAsync(
            () => _replicas.Select(r => r.Services.GetRequiredService<DeliveryLease>().IsHeld).ToList(), held => held.Count(h => h) == 1, TimeSpan.FromSeconds(20), "one replica holding the delivery lease");

        // A broadcast on each replica: both replicas write events, one sends them all.
        foreach (var (replica, user) in new[] { (a, "alice"), (b, "carol") })
        {
            var (broadcaster, _) = await PageSocket.HelloAsync(replica, site, "broadcaster", user);
            await broadcaster.SendAsync(new { v = 1, type = "bye" });
            await broadcaster.DisposeAsync();
        }

        await Eventually.MatchAsync(() => receiver.Events, e => e.Count(IsEnded) == 2, TimeSpan.FromSeconds(30), "both broadcasts' events");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var events = receiver.Events;
        Assert.Equal(2, events.Count(e => (string?)e["type"] == "dev.airwave.broadcast.started"));
        Assert.Equal(2, events.Count(IsEnded));
        Assert.Equal(events.Count, events.Select(e => (string?)e["id"]).Distinct().Count());

        // The delivering replica stops (a rolling update); the other takes the lease and sends what comes next.
        var holder = _replicas[leases.IndexOf(true)];
        var other = _replicas.Single(r => r != holder);
        _replicas.Remove(holder);
        await holder.DisposeAsync();
        var (dave, _) = await PageSocket.HelloAsync(other, site, "broadcaster", "dave");
        await using var _ = dave;
        var next = await Eventually.MatchAsync(() => receiver.Events.Skip(events.Count).ToList(), e => e.Count >= 1, TimeSpan.FromSeconds(30), "the next event sent by the other replica");
        Assert.Equal("dave", (string?)next[0]["data"]!["user_id"]);
        Assert.True(other.Services.GetRequiredService<DeliveryLease>().IsHeld);

        static bool IsEnded(System.Text.Json.Nodes.JsonObject e) => (string?)e["type"] == "dev.airwave.broadcast.ended";
    }

    /// <summary>A replica that is ready: migrated and listening to the others, as its readiness probe tells the Service.</summary>
    [Fact]
    public async Task Broadcasts_on_two_replicas_claiming_one_sfu_stream_at_the_same_moment_get_it_once()
    {
        var (a, b) = (await StartReplicaAsync(), await StartReplicaAsync());
        var site = await TestSite.CreateAsync(a);
        var stores = new[] { a.Services.GetRequiredService<BroadcastStore>(), b.Services.GetRequiredService<BroadcastStore>() };

        // Rounds of eight broadcasts, half on each replica, claiming a round's stream together (bounded: five rounds).
        for (var round = 0; round < 5; round++)
        {
            var sessions = new List<string>();
            for (var i = 0; i < 8; i++)
            {
                var (session, _) = await stores[i % 2].StartAsync(site.Id, $"user-{round}-{i}", $"resume-{round}-{i}", CancellationToken.None);
                sessions.Add(session.Id);
            }

            string[] streams = [$"media/stage-{round}"];
            var claims = await Task.WhenAll(sessions.Select((id, i) => Task.Run(() => stores[i % 2].ClaimSfuStreamAsync(id, streams, CancellationToken.None))));

            Assert.Single(claims, c => c == streams[0]);
            Assert.Equal(7, claims.Count(c => c is null));
            var holders = new List<string>();
            foreach (var id in sessions)
            {
                if ((await stores[0].GetAsync(id, CancellationToken.None))!.SfuStream is { } held)
                {
                    holders.Add(held);
                }
            }

            Assert.Equal(streams, holders);
        }

        // A broadcast offered a held stream and a free one gets the free one.
        var (last, _) = await stores[1].StartAsync(site.Id, "last", "resume-last", CancellationToken.None);
        Assert.Equal("media/free", await stores[1].ClaimSfuStreamAsync(last.Id, ["media/stage-0", "media/free"], CancellationToken.None));
    }

    private async Task<SignalingServer> StartReplicaAsync(IDictionary<string, string?>? settings = null)
    {
        var replica = await SignalingServer.StartAsync(postgres: _database, settings: settings);
        _replicas.Add(replica);
        await Eventually.MatchAsync(
            async () => (await replica.Management.GetAsync("/readyz")).IsSuccessStatusCode,
            ready => ready,
            TimeSpan.FromSeconds(20),
            "the replica's readiness probe");
        return replica;
    }
}
