using System.Text.Json;
using Microsoft.Playwright;

namespace Airwave.Signaling.Tests.Browser;

/// <summary>The embed script on a website, in real Chromium: a broadcaster's camera reaching a viewer's page peer to peer.</summary>
public sealed class BroadcastTests(BrowserRig rig) : IClassFixture<BrowserRig>
{
    [Fact]
    public async Task A_viewer_asks_the_broadcaster_accepts_and_the_viewers_page_decodes_the_camera()
    {
        var (broadcaster, viewer) = await OpenAsync("alice1", "bob1");

        await viewer.Locator("[data-airwave-watch]").ClickAsync();
        await broadcaster.Locator("[data-airwave-decision=accept]").ClickAsync();

        await AssertDecodingAsync(viewer);
        var consent = (await broadcaster.Context.CookiesAsync()).Single(c => c.Name == "airwave_consent_shop");
        Assert.Equal("granted", consent.Value);
        Assert.Equal("watching", await viewer.Locator("[data-airwave-watch]").GetAttributeAsync("data-airwave-state"));
        Assert.True(await broadcaster.EvaluateAsync<bool>("[...document.querySelectorAll('video')].some(v => v.srcObject && v.srcObject.active)"), "the broadcaster's floating preview shows the camera");
    }

    [Fact]
    public async Task A_refusal_shows_on_the_viewers_side()
    {
        var (broadcaster, viewer) = await OpenAsync("alice2", "bob2");

        await viewer.Locator("[data-airwave-watch]").ClickAsync();
        await broadcaster.Locator("[data-airwave-decision=refuse]").ClickAsync();

        await viewer.Locator("[data-airwave-watch][data-airwave-state=refused]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        Assert.Empty(await StatsAsync(viewer));
    }

    [Fact]
    public async Task A_refreshed_broadcaster_carries_on_without_being_asked_and_the_viewer_gets_the_camera_again()
    {
        var (broadcaster, viewer) = await OpenAsync("alice3", "bob3");
        await viewer.Locator("[data-airwave-watch]").ClickAsync();
        await broadcaster.Locator("[data-airwave-decision=accept]").ClickAsync();
        await AssertDecodingAsync(viewer);

        await broadcaster.ReloadAsync();

        // Nobody clicks on the refreshed page: the consent cookie and the resume token carry the broadcast on.
        await broadcaster.Locator("[data-airwave-broadcast][data-airwave-state=live]").WaitForAsync();
        var events = await broadcaster.EvaluateAsync<JsonElement>("window.airwaveEvents");
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("type").GetString() == "broadcast" && e.TryGetProperty("resumed", out var r) && r.GetBoolean());
        Assert.Equal(0, await broadcaster.Locator("[data-airwave-decision]").CountAsync());
        await Eventually.MatchAsync(
            async () => (await viewer.EvaluateAsync<JsonElement>("window.airwaveEvents")).EnumerateArray().Count(e => e.GetProperty("type").GetString() == "watch" && e.GetProperty("state").GetString() == "watching"),
            count => count >= 2,
            TimeSpan.FromSeconds(30),
            "the viewer's second offer after the refresh");
        await AssertDecodingAsync(viewer);
    }

    /// <summary>The broadcaster's page live and the viewer's page showing the Watch button.</summary>
    private async Task<(IPage Broadcaster, IPage Viewer)> OpenAsync(string broadcasterUser, string viewerUser)
    {
        var studio = rig.SitePage($"studio-{broadcasterUser}", $"""<button data-airwave-broadcast data-airwave-token="{await rig.Site.TokenAsync(broadcasterUser)}">Start broadcast</button>""");
        var profile = rig.SitePage($"profile-{broadcasterUser}", $"""<h1>{broadcasterUser}</h1><button data-airwave-watch="{broadcasterUser}" data-airwave-token="{await rig.Site.TokenAsync(viewerUser)}">Watch</button>""");
        var viewer = await rig.NewVisitorAsync();
        await viewer.GotoAsync(profile);
        await viewer.Locator("[data-airwave-watch][data-airwave-state=offline]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        Assert.True(await viewer.Locator("[data-airwave-watch]").IsHiddenAsync(), "the Watch button shows only while the user broadcasts");

        var broadcaster = await rig.NewVisitorAsync();
        await broadcaster.GotoAsync(studio);
        await broadcaster.Locator("[data-airwave-broadcast]").ClickAsync();
        await broadcaster.Locator("[data-airwave-broadcast][data-airwave-state=live]").WaitForAsync();
        await viewer.Locator("[data-airwave-watch]").WaitForAsync();
        return (broadcaster, viewer);
    }

    /// <summary>The viewer's peer connection decodes video frames, and keeps decoding.</summary>
    private static async Task AssertDecodingAsync(IPage viewer)
    {
        var first = await Eventually.MatchAsync(() => FramesDecodedAsync(viewer), frames => frames > 0, TimeSpan.FromSeconds(30), "the viewer decoding frames");
        await Eventually.MatchAsync(() => FramesDecodedAsync(viewer), frames => frames > first + 10, TimeSpan.FromSeconds(30), "the viewer still decoding frames");
    }

    private static async Task<long> FramesDecodedAsync(IPage viewer) =>
        (await StatsAsync(viewer)).Where(s => s.GetProperty("role").GetString() == "viewer").Sum(s => s.GetProperty("framesDecoded").GetInt64());

    private static async Task<List<JsonElement>> StatsAsync(IPage page) =>
        [.. (await page.EvaluateAsync<JsonElement>("Airwave.stats()")).EnumerateArray()];
}
