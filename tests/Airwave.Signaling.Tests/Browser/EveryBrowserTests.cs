using System.Text.Json;
using Microsoft.Playwright;

namespace Airwave.Signaling.Tests.Browser;

/// <summary>
/// What the embed script must do in every browser it supports: a broadcaster's camera reaching a viewer's page peer to
/// peer, a refusal, a refresh. Each browser's test class runs these with its rig.
/// </summary>
public abstract class EveryBrowserTests(BrowserRig rig)
{
    protected BrowserRig Rig { get; } = rig;

    /// <summary>What the browser's user agent carries, so each class shows it ran the browser it names.</summary>
    protected abstract string BrowserMark { get; }

    [Fact]
    public async Task A_viewer_asks_the_broadcaster_accepts_and_the_viewers_page_decodes_the_camera()
    {
        var (broadcaster, viewer) = await Visits.OpenAsync(Rig, "alice1", "bob1");

        await viewer.Locator("[data-airwave-watch]").ClickAsync();
        await broadcaster.Locator("[data-airwave-decision=accept]").ClickAsync();

        await Visits.AssertDecodingAsync(viewer);
        var consent = (await broadcaster.Context.CookiesAsync()).Single(c => c.Name == "airwave_consent_shop");
        Assert.Equal("granted", consent.Value);
        Assert.Equal("watching", await viewer.Locator("[data-airwave-watch]").GetAttributeAsync("data-airwave-state"));
        Assert.True(await broadcaster.EvaluateAsync<bool>("[...document.querySelectorAll('video')].some(v => v.srcObject && v.srcObject.active)"), "the broadcaster's floating preview shows the camera");
        Assert.Contains(BrowserMark, await viewer.EvaluateAsync<string>("navigator.userAgent"), StringComparison.Ordinal);
        var addresses = await Visits.ChosenAddressesAsync(viewer);
        Assert.NotEmpty(addresses);
        Assert.All(addresses, a => Assert.Equal(Rig.InsideAddress, a));
    }

    [Fact]
    public async Task A_refusal_shows_on_the_viewers_side()
    {
        var (broadcaster, viewer) = await Visits.OpenAsync(Rig, "alice2", "bob2");

        await viewer.Locator("[data-airwave-watch]").ClickAsync();
        await broadcaster.Locator("[data-airwave-decision=refuse]").ClickAsync();

        await viewer.Locator("[data-airwave-watch][data-airwave-state=refused]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        Assert.Empty(await Visits.StatsAsync(viewer));
    }

    [Fact]
    public async Task A_refreshed_broadcaster_carries_on_without_being_asked_and_the_viewer_gets_the_camera_again()
    {
        var (broadcaster, viewer) = await Visits.OpenAsync(Rig, "alice3", "bob3");
        await viewer.Locator("[data-airwave-watch]").ClickAsync();
        await broadcaster.Locator("[data-airwave-decision=accept]").ClickAsync();
        await Visits.AssertDecodingAsync(viewer);

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
        await Visits.AssertDecodingAsync(viewer);
    }
}
