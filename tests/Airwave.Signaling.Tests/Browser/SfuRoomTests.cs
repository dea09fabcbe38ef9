using Microsoft.Playwright;

namespace Airwave.Signaling.Tests.Browser;

/// <summary>
/// One broadcaster and several viewers through an SFU pod's engine, in real Chromium inside the test's network
/// namespace: the broadcaster publishes over WHIP through the signaling service (from the page's origin, another
/// than the service's), the engine forwards its media to every viewer, and one who joins late gets video at once.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class SfuRoomTests(SfuRig rig) : IClassFixture<SfuRig>
{
    private const int Viewers = 20;

    [Fact]
    public async Task Every_one_of_twenty_viewers_decodes_the_publishers_video_a_late_one_gets_a_keyframe_and_the_pod_counts_them()
    {
        var (sessionsBefore, handlesBefore) = (await MetricAsync("airwave_sfu_sessions"), await MetricAsync("airwave_sfu_handles"));
        var publisher = await rig.NewVisitorAsync();
        await publisher.GotoAsync(rig.RoomPage + "?role=publisher");
        await publisher.WaitForFunctionAsync("window.roomState === 'publishing' || window.roomState.startsWith('error')");
        Assert.Equal("publishing", await publisher.EvaluateAsync<string>("window.roomState"));

        var viewers = new List<IPage>();
        for (var i = 0; i < Viewers; i++)
        {
            var viewer = await rig.NewVisitorAsync();
            await viewer.GotoAsync(rig.RoomPage + "?role=viewer");
            viewers.Add(viewer);
        }

        foreach (var viewer in viewers)
        {
            await FramesAsync(viewer, atLeast: 20, TimeSpan.FromSeconds(30));
        }

        // A viewer who joins while the broadcast runs gets a keyframe at once: the engine asks the publisher for one (PLI)
        // rather than leave the viewer waiting for the encoder's next.
        // The earlier viewers' keyframe requests settle first, so only the late one's can raise the count.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var plisBefore = await PliCountAsync(publisher);
        var late = await rig.NewVisitorAsync();
        await late.GotoAsync(rig.RoomPage + "?role=viewer");
        await FramesAsync(late, atLeast: 1, TimeSpan.FromSeconds(30));

        // Counted in the publisher's stats a moment later.
        await Eventually.MatchAsync(() => PliCountAsync(publisher), plis => plis > plisBefore, TimeSpan.FromSeconds(10), "the engine asking the publisher for a keyframe for the late viewer");
        await Eventually.MatchAsync(
            () => MetricAsync("airwave_sfu_handles"),
            handles => handles == handlesBefore + Viewers + 2,
            TimeSpan.FromSeconds(15),
            "the publisher and every viewer as the pod's load");
        Assert.Equal(sessionsBefore + Viewers + 2, await MetricAsync("airwave_sfu_sessions"));
        Assert.Equal(200, await publisher.EvaluateAsync<int>("window.unpublish()"));
        foreach (var page in viewers.Append(late).Append(publisher))
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Through_the_pods_one_turn_port_a_publisher_and_viewers_relayed_to_the_engine_see_each_other()
    {
        var publisher = await rig.NewVisitorAsync();
        await publisher.GotoAsync(rig.RoomPage + "?role=publisher" + SfuRig.TurnQuery("publisher"));
        await publisher.WaitForFunctionAsync("window.roomState === 'publishing' || window.roomState.startsWith('error')");
        Assert.Equal("publishing", await publisher.EvaluateAsync<string>("window.roomState"));
        var viewers = new List<IPage>();
        for (var i = 0; i < 3; i++)
        {
            var viewer = await rig.NewVisitorAsync();
            await viewer.GotoAsync(rig.RoomPage + "?role=viewer" + SfuRig.TurnQuery($"viewer-{i}"));
            viewers.Add(viewer);
        }

        foreach (var viewer in viewers)
        {
            await FramesAsync(viewer, atLeast: 20, TimeSpan.FromSeconds(30));
        }

        // Every page's media left it through a relay on the pod's TURN port: the only port it had to reach.
        foreach (var page in viewers.Append(publisher))
        {
            Assert.Equal("relay", await Eventually.MatchAsync<string?>(() => page.EvaluateAsync<string?>("window.localCandidateType()"), type => type is not null, TimeSpan.FromSeconds(10), "the page's media path"));
        }

        Assert.Equal(200, await publisher.EvaluateAsync<int>("window.unpublish()"));
        foreach (var page in viewers.Append(publisher))
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_whip_and_whep_client_library_from_npm_publishes_and_watches_trickling_its_candidates_and_restarting_ice()
    {
        var sessionsBefore = await MetricAsync("airwave_sfu_sessions");
        var publisher = await rig.NewVisitorAsync();
        await publisher.GotoAsync(rig.ClientLibraryPage + "?role=publisher");
        await publisher.WaitForFunctionAsync("window.roomState === 'publishing' || window.roomState.startsWith('error')");
        Assert.Equal("publishing", await publisher.EvaluateAsync<string>("window.roomState"));
        var viewer = await rig.NewVisitorAsync();
        await viewer.GotoAsync(rig.ClientLibraryPage + "?role=viewer");
        await viewer.WaitForFunctionAsync("window.roomState === 'watching' || window.roomState.startsWith('error')");
        Assert.Equal("watching", await viewer.EvaluateAsync<string>("window.roomState"));
        var decoded = await FramesAsync(viewer, atLeast: 20, TimeSpan.FromSeconds(30));
        var first = await IceNowAsync(viewer);
        var publisherFirst = await IceNowAsync(publisher);

        // The viewer restarts ICE, then the publisher: each gets the server's new credentials and candidates, and the
        // media goes on over the new ones.
        await viewer.EvaluateAsync("window.client.restart()");
        await publisher.EvaluateAsync("window.client.restart()");
        var restarted = await Eventually.MatchAsync(() => IceNowAsync(viewer), ice => ice.Flowing == ice.Described && ice.Described != first.Described, TimeSpan.FromSeconds(30), "the viewer's media over its new ICE credentials");
        await FramesAsync(viewer, atLeast: decoded + 20, TimeSpan.FromSeconds(30));
        var published = await Eventually.MatchAsync(() => IceNowAsync(publisher), ice => ice.Flowing == ice.Described && ice.Described != publisherFirst.Described, TimeSpan.FromSeconds(30), "the publisher's media over its new ICE credentials");

        foreach (var page in new[] { publisher, viewer })
        {
            // The offer, then candidates trickled by PATCH as the browser found them (204; the publisher's client sends
            // the entity tag it got, the viewer's none), the restart (If-Match: *, 200 with the server's side), and the
            // candidates of the restarted ICE, with the entity tag it got.
            var requests = (await page.EvaluateAsync<System.Text.Json.JsonElement>("window.requests")).EnumerateArray()
                .Select(r => (Method: r.GetProperty("method").GetString(), Status: r.GetProperty("status").GetInt32(), IfMatch: r.GetProperty("ifMatch").GetString())).ToList();
            Assert.Equal(("POST", 201), (requests[0].Method, requests[0].Status));
            var restart = requests.FindIndex(r => r.IfMatch == "*");
            Assert.True(restart > 1 && requests[1..restart].All(r => r is ("PATCH", 204, not "*")), string.Join(", ", requests));
            Assert.Equal(("PATCH", 200), (requests[restart].Method, requests[restart].Status));
            Assert.Contains(requests[(restart + 1)..], r => r is ("PATCH", 204, { Length: > 2 }));
        }

        Assert.NotNull(restarted.Flowing);
        Assert.NotNull(published.Flowing);
        await viewer.EvaluateAsync("window.client.stop()");
        await publisher.EvaluateAsync("window.client.stop()");
        foreach (var page in new[] { publisher, viewer })
        {
            await page.Context.CloseAsync();
        }

        // Both sessions ended by DELETE, so that the tests after count the pod's sessions from where they were.
        await Eventually.MatchAsync(() => MetricAsync("airwave_sfu_sessions"), sessions => sessions == sessionsBefore, TimeSpan.FromSeconds(15), "the library's sessions ended");
    }

    private static async Task<(string Described, string? Flowing)> IceNowAsync(IPage page)
    {
        var ice = await page.EvaluateAsync<System.Text.Json.JsonElement>("window.iceNow()");
        return (ice.GetProperty("described").GetString()!, ice.GetProperty("flowing").GetString());
    }

    /// <summary>
    /// Waits for the page to have decoded <paramref name="atLeast"/> video frames. Asked by evaluating, which awaits
    /// the page's promise (a wait-for-function on an async expression would take the promise itself as true).
    /// </summary>
    private static Task<int> FramesAsync(IPage page, int atLeast, TimeSpan within) =>
        Eventually.MatchAsync(() => page.EvaluateAsync<int>("window.framesDecoded()"), frames => frames >= atLeast, within, $"{atLeast} frames decoded");

    [Fact]
    public async Task A_broadcast_moves_from_peer_to_peer_to_the_sfu_with_its_second_viewer_without_asking_for_the_camera_again()
    {
        var (broadcaster, bob) = await Visits.OpenAsync(rig, "alice-sfu", "bob-sfu");
        await bob.Locator("[data-airwave-watch]").ClickAsync();
        await broadcaster.Locator("[data-airwave-decision=accept]").ClickAsync();
        var bobAccepted = DateTimeOffset.UtcNow;
        await Visits.AssertDecodingAsync(bob);
        var firstStats = await Visits.StatsAsync(bob);

        var carol = await rig.NewVisitorAsync();
        await carol.GotoAsync(rig.SitePage("profile-alice-sfu-carol", $"""<button data-airwave-watch="alice-sfu" data-airwave-token="{await rig.Site.TokenAsync("carol-sfu")}">Watch</button>"""));
        await carol.Locator("[data-airwave-watch]").ClickAsync();
        await broadcaster.Locator("[data-airwave-decision=accept]").ClickAsync();
        var carolAccepted = DateTimeOffset.UtcNow;

        // Both viewers end up on the SFU, and their peer-to-peer connections, on both sides, are closed.
        foreach (var viewer in new[] { bob, carol })
        {
            await Eventually.MatchAsync(() => Visits.StatsAsync(viewer), stats => stats is [{ } only] && only.GetProperty("request").GetString()!.StartsWith("sfu:", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the viewer watching through the SFU alone");
            await Visits.AssertDecodingAsync(viewer);
        }

        var sent = await Eventually.MatchAsync(() => Visits.StatsAsync(broadcaster), stats => stats is [{ } only] && only.GetProperty("request").GetString() == "sfu", TimeSpan.FromSeconds(30), "the broadcaster sending to the SFU alone");
        var pod = await rig.Sfu.Api.GetStringAsync(new Uri("whip", UriKind.Relative));
        var mediaRequests = await broadcaster.EvaluateAsync<int>("window.airwaveMediaRequests");
        await broadcaster.Locator("[data-airwave-broadcast]").ClickAsync();
        var stopped = DateTimeOffset.UtcNow;
        await Eventually.MatchAsync(() => rig.Sfu.Api.GetStringAsync(new Uri("whip", UriKind.Relative)), s => s.Contains("\"publishing\":false", StringComparison.Ordinal), TimeSpan.FromSeconds(15), "the pod's publisher gone once the broadcast stopped");

        // Each viewer's one view, peer-to-peer first for bob and through the SFU for both, ended with the broadcast.
        foreach (var (user, accepted) in new[] { ("bob-sfu", bobAccepted), ("carol-sfu", carolAccepted) })
        {
            var events = await Visits.ViewEventsAsync(rig, user, 2);
            Assert.Equal(2, events.Count);
            var performance = events[1]["data"]!;
            Assert.Equal("ended", (string?)performance["end_reason"]);
            Assert.True((double)performance["startup_time_ms"]! > 0, performance.ToJsonString());
            Assert.InRange((double)performance["view_duration"]!, (stopped - accepted).TotalSeconds - 2, (stopped - accepted).TotalSeconds + 2);
        }

        Assert.Equal("viewer", Assert.Single(firstStats).GetProperty("role").GetString());
        Assert.DoesNotContain("sfu", Assert.Single(firstStats).GetProperty("request").GetString(), StringComparison.Ordinal);
        Assert.True(sent[0].GetProperty("framesSent").GetInt64() > 0, sent[0].ToString());
        // The pod has the broadcast's publisher and its viewers (and may still count viewers of the tests before).
        var status = System.Text.Json.Nodes.JsonNode.Parse(pod)!;
        Assert.True((bool)status["publishing"]!, pod);
        Assert.True((int)status["viewers"]! >= 2, pod);
        // The camera was asked for once: the broadcaster was not asked again.
        Assert.Equal(1, mediaRequests);
        foreach (var page in new[] { broadcaster, bob, carol })
        {
            await page.Context.CloseAsync();
        }
    }

    private async Task<int> MetricAsync(string name)
    {
        var line = (await rig.Sfu.Management.GetStringAsync(new Uri("metrics", UriKind.Relative))).Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return int.Parse(line[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The keyframe requests the publisher's browser received for its video.</summary>
    private static Task<int> PliCountAsync(IPage publisher) => publisher.EvaluateAsync<int>("""
        (async () => {
          let plis = 0;
          (await window.pc.getStats()).forEach((s) => { if (s.type === 'outbound-rtp' && s.kind === 'video') plis += s.pliCount || 0; });
          return plis;
        })()
        """);
}
