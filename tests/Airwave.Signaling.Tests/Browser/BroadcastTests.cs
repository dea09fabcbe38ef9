using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Airwave.Signaling.Tests.Browser;

/// <summary>The embed script on a website, in real Chromium: the scenarios of every browser, and more.</summary>
[Collection(BrowserGroup.Name)]
public sealed class BroadcastTests(BrowserRig rig) : EveryBrowserTests(rig), IClassFixture<BrowserRig>
{
    protected override string BrowserMark => "Chrome/";

    [Fact]
    public async Task The_floating_preview_can_be_dragged_by_its_title_bar_and_stopping_removes_it()
    {
        var (broadcaster, _) = await Visits.OpenAsync(Rig, "alice7", "bob7");
        var bar = broadcaster.Locator("video").Locator("xpath=preceding-sibling::div[1]");
        await broadcaster.WaitForFunctionAsync("document.querySelector('video').videoWidth > 0");
        var before = (await bar.BoundingBoxAsync())!;

        var (x, y) = (before.X + 20, before.Y + (before.Height / 2));
        await broadcaster.Mouse.MoveAsync(x, y);
        await broadcaster.Mouse.DownAsync();
        await broadcaster.Mouse.MoveAsync(x - 200, y - 120, new() { Steps = 5 });
        await broadcaster.Mouse.UpAsync();

        var after = (await bar.BoundingBoxAsync())!;
        Assert.InRange(after.X - before.X, -201, -199);
        Assert.InRange(after.Y - before.Y, -121, -119);
        await bar.Locator("button").ClickAsync();
        await broadcaster.Locator("[data-airwave-broadcast][data-airwave-state=stopped]").WaitForAsync();
        Assert.Equal(0, await broadcaster.Locator("video").CountAsync());
    }

    [Fact]
    public async Task A_forged_or_expired_user_id_is_refused_and_the_page_says_so()
    {
        var forged = await PyJwt.ForUserAsync("not-the-sites-secret-not-the-sites-secret", Rig.Site.Id, "mallory", TimeSpan.FromMinutes(5));
        var expired = await PyJwt.ForUserAsync(Rig.Site.Secret, Rig.Site.Id, "mallory", TimeSpan.FromMinutes(-5));
        var studio = Rig.SitePage("studio-forged", $"""<button data-airwave-broadcast data-airwave-token="{forged}">Start broadcast</button>""");
        var profile = Rig.SitePage("profile-expired", $"""<button data-airwave-watch="alice1" data-airwave-token="{expired}">Watch</button>""");
        var broadcaster = await Rig.NewVisitorAsync();
        var viewer = await Rig.NewVisitorAsync();

        await broadcaster.GotoAsync(studio);
        await broadcaster.Locator("[data-airwave-broadcast]").ClickAsync();
        await viewer.GotoAsync(profile);

        await broadcaster.Locator("[data-airwave-broadcast][data-airwave-state=error]").WaitForAsync();
        Assert.Equal("token-invalid", await broadcaster.Locator("[data-airwave-broadcast]").GetAttributeAsync("data-airwave-error"));
        Assert.Equal(0, await broadcaster.Locator("video").CountAsync());
        await viewer.Locator("[data-airwave-watch][data-airwave-state=error]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        Assert.Equal("token-expired", await viewer.Locator("[data-airwave-watch]").GetAttributeAsync("data-airwave-error"));
        Assert.True(await viewer.Locator("[data-airwave-watch]").IsHiddenAsync());
    }

    [Fact]
    public async Task A_page_of_another_website_cannot_connect()
    {
        await using var elsewhere = await SitePages.StartAsync(Rig.HostAddress);
        var (_, _) = await Visits.OpenAsync(Rig, "alice5", "bob5");
        var foreign = Rig.SitePage(elsewhere, "profile", $"""<button data-airwave-watch="alice5" data-airwave-token="{await Rig.Site.TokenAsync("eve")}">Watch</button>""");
        var visitor = await Rig.NewVisitorAsync();

        await visitor.GotoAsync(foreign);

        // The upgrade is refused (403): the page never gets a welcome, so the button never shows, however often it retries.
        await Eventually.MatchAsync(() => Visits.EventsAsync(visitor, "reconnecting"), n => n >= 2, TimeSpan.FromSeconds(20), "the refused page retrying");
        Assert.True(await visitor.Locator("[data-airwave-watch]").IsHiddenAsync());
        Assert.Null(await visitor.Locator("[data-airwave-watch]").GetAttributeAsync("data-airwave-state"));
    }

    [Fact]
    public async Task The_time_counted_for_a_broadcast_is_its_wall_time_within_one_heartbeat()
    {
        var (broadcaster, _) = await Visits.OpenAsync(Rig, "alice6", "bob6");
        var started = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(7));

        await broadcaster.Locator("[data-airwave-broadcast]").ClickAsync();
        var stopped = DateTimeOffset.UtcNow;
        await broadcaster.Locator("[data-airwave-broadcast][data-airwave-state=stopped]").WaitForAsync();

        using var api = new HttpClient { BaseAddress = Rig.Server.Public.BaseAddress };
        var token = await PyJwt.SignAsync(Rig.Site.Secret, new { aud = Rig.Site.Id, scope = "api", exp = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds() });
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var broadcast = await Eventually.MatchAsync(
            async () => (await api.GetFromJsonAsync<JsonElement>("/api/v1/sites/shop/broadcasts?user=alice6")).EnumerateArray().Single(),
            b => !b.GetProperty("live").GetBoolean(),
            TimeSpan.FromSeconds(10),
            "the broadcast ended");
        var counted = broadcast.GetProperty("broadcastSeconds").GetDouble();
        var wall = (stopped - started).TotalSeconds;
        Assert.InRange(counted, wall - 2, wall + 2);
        Assert.Equal("ended", broadcast.GetProperty("endReason").GetString());
    }

    [Fact]
    public async Task A_viewers_view_reaches_the_sites_service_with_its_stall_its_quality_change_and_the_time_watched()
    {
        var (broadcaster, viewer) = await Visits.OpenAsync(Rig, "alice11", "bob11");
        await viewer.Locator("[data-airwave-watch]").ClickAsync();
        await broadcaster.Locator("[data-airwave-decision=accept]").ClickAsync();
        var accepted = DateTimeOffset.UtcNow;
        await Visits.AssertDecodingAsync(viewer);
        await Visits.ReportedAsync(viewer, "playing");
        var sizes = await Visits.ReportedAsync(viewer, "quality_change");

        // The broadcaster's camera stops reaching the viewer for a while: a stall, then frames again.
        await broadcaster.EvaluateAsync("""
            async () => {
              window.videoSender = window.airwavePeers.flatMap((pc) => pc.getSenders()).find((s) => s.track?.kind === 'video');
              window.videoTrack = window.videoSender.track;
              await window.videoSender.replaceTrack(null);
            }
            """);
        await Visits.ReportedAsync(viewer, "buffering_start");
        await broadcaster.EvaluateAsync("() => window.videoSender.replaceTrack(window.videoTrack)");
        await Visits.ReportedAsync(viewer, "buffering_end");

        // The broadcaster's encoder sends a quarter of the size: the viewer decodes a new size.
        await broadcaster.EvaluateAsync("""
            async () => {
              const parameters = window.videoSender.getParameters();
              parameters.encodings.forEach((e) => { e.scaleResolutionDownBy = 4; });
              await window.videoSender.setParameters(parameters);
            }
            """);
        await Visits.ReportedAsync(viewer, "quality_change", sizes + 1);

        await viewer.Locator("video").Locator("xpath=preceding-sibling::div[1]").Locator("button").ClickAsync();
        var closed = DateTimeOffset.UtcNow;
        var events = await Visits.ViewEventsAsync(Rig, "bob11", 2);

        var (viewed, performance) = (events[0], events[1]["data"]!);
        Assert.Equal("stream_viewed", (string?)viewed["event_type"]);
        Assert.Equal("alice11", (string?)viewed["stream_data"]!["name"]);
        Assert.Contains(BrowserMark, (string?)viewed["user_agent"], StringComparison.Ordinal);
        Assert.Equal(Rig.InsideAddress, (string?)viewed["ip_address"]);
        Assert.Equal("stream_performance", (string?)events[1]["analytics_type"]);
        Assert.Equal("ended", (string?)performance["end_reason"]);
        Assert.True((int)performance["buffering_events"]! >= 1, performance.ToJsonString());
        Assert.True((int)performance["quality_changes"]! >= 1, performance.ToJsonString());
        Assert.True((double)performance["startup_time_ms"]! > 0, performance.ToJsonString());
        Assert.InRange((double)performance["view_duration"]!, (closed - accepted).TotalSeconds - 2, (closed - accepted).TotalSeconds + 2);
        await broadcaster.Context.CloseAsync();
        await viewer.Context.CloseAsync();
    }

    [Fact]
    public async Task After_the_service_restarts_both_pages_connect_again_and_carry_on_without_asking()
    {
        var (broadcaster, viewer) = await Visits.OpenAsync(Rig, "alice9", "bob9");
        await viewer.Locator("[data-airwave-watch]").ClickAsync();
        await broadcaster.Locator("[data-airwave-decision=accept]").ClickAsync();
        await Visits.AssertDecodingAsync(viewer);

        await Rig.RestartAsync();

        // Both pages lose their sockets, come back with backoff, and find their broadcast and request in the database.
        await Eventually.MatchAsync(() => Visits.EventsAsync(broadcaster, "reconnecting"), n => n >= 1, TimeSpan.FromSeconds(10), "the broadcaster's page reconnecting");
        await Eventually.MatchAsync(
            async () => (await broadcaster.EvaluateAsync<JsonElement>("window.airwaveEvents")).EnumerateArray().Count(e => e.GetProperty("type").GetString() == "broadcast" && e.TryGetProperty("resumed", out var r) && r.GetBoolean()),
            n => n >= 1,
            TimeSpan.FromSeconds(30),
            "the broadcast resumed after the restart");
        await Eventually.MatchAsync(
            async () => (await viewer.EvaluateAsync<JsonElement>("window.airwaveEvents")).EnumerateArray().Count(e => e.GetProperty("type").GetString() == "watch" && e.GetProperty("state").GetString() == "watching"),
            count => count >= 2,
            TimeSpan.FromSeconds(30),
            "the viewer's second offer after the restart");
        Assert.Equal(0, await broadcaster.Locator("[data-airwave-decision]").CountAsync());
        await Visits.AssertDecodingAsync(viewer, broadcaster);
    }

    [Fact]
    public async Task Asked_for_an_offer_twice_the_broadcaster_connects_with_the_answer_to_its_latest_offer()
    {
        // When both pages come back at once (after a restart), the service asks the broadcaster's page for an offer
        // for each page's return: the viewer answers both offers, and the answer to the first can arrive after the
        // second offer was made. The route between the broadcaster's page and the service makes that order certain.
        var glare = new OfferGlare();
        var (broadcaster, viewer) = await Visits.OpenAsync(Rig, "alice10", "bob10", page => page.RouteWebSocketAsync("**/ws/v1**", glare.Route));
        await viewer.Locator("[data-airwave-watch]").ClickAsync();
        await broadcaster.Locator("[data-airwave-decision=accept]").ClickAsync();

        await Eventually.MatchAsync(() => glare.Offers, n => n >= 2, TimeSpan.FromSeconds(10), "the broadcaster's second offer");
        await Visits.AssertDecodingAsync(viewer, broadcaster);
    }

    /// <summary>
    /// Between the broadcaster's page and the service: it hands the page the service's first <c>viewer-ready</c> again
    /// once the page offered, and holds the viewer's answers until the page made its second offer.
    /// </summary>
    private sealed class OfferGlare
    {
        private readonly Lock _lock = new();
        private readonly List<string> _heldAnswers = [];
        private string? _firstReady;
        private int _offers;

        public int Offers
        {
            get
            {
                lock (_lock)
                {
                    return _offers;
                }
            }
        }

        public void Route(IWebSocketRoute page)
        {
            // The protocol's frames are all text.
            var service = page.ConnectToServer();
            page.OnMessage(frame => FromPage(page, service, frame.Text!));
            service.OnMessage(frame => FromService(page, frame.Text!));
        }

        private void FromPage(IWebSocketRoute page, IWebSocketRoute service, string text)
        {
            service.Send(text);
            if (TypeOf(text) != "offer")
            {
                return;
            }

            lock (_lock)
            {
                _offers++;
                if (_offers == 1 && _firstReady is not null)
                {
                    page.Send(_firstReady);
                }
                else if (_offers == 2)
                {
                    _heldAnswers.ForEach(page.Send);
                    _heldAnswers.Clear();
                }
            }
        }

        private void FromService(IWebSocketRoute page, string text)
        {
            lock (_lock)
            {
                var type = TypeOf(text);
                _firstReady ??= type == "viewer-ready" ? text : null;
                if (type == "answer" && _offers < 2)
                {
                    _heldAnswers.Add(text);
                    return;
                }
            }

            page.Send(text);
        }

        private static string? TypeOf(string text) => (string?)JsonNode.Parse(text)?["type"];
    }
}
