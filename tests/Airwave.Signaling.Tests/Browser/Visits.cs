using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Airwave.Signaling.Tests.Browser;

/// <summary>What the browser tests do on a rig's site and read from its pages, whichever the browser.</summary>
public static class Visits
{
    /// <summary>
    /// On <paramref name="rig"/>'s site, the broadcaster's page live and the viewer's page showing the Watch button;
    /// <paramref name="prepareBroadcaster"/> runs on the broadcaster's page before it opens its socket.
    /// </summary>
    public static async Task<(IPage Broadcaster, IPage Viewer)> OpenAsync(BrowserRig rig, string broadcasterUser, string viewerUser, Func<IPage, Task>? prepareBroadcaster = null)
    {
        var studio = rig.SitePage($"studio-{broadcasterUser}", $"""<button data-airwave-broadcast data-airwave-token="{await rig.Site.TokenAsync(broadcasterUser)}">Start broadcast</button>""");
        var profile = rig.SitePage($"profile-{broadcasterUser}", $"""<h1>{broadcasterUser}</h1><button data-airwave-watch="{broadcasterUser}" data-airwave-token="{await rig.Site.TokenAsync(viewerUser)}">Watch</button>""");
        var viewer = await rig.NewVisitorAsync();
        await viewer.GotoAsync(profile);
        await viewer.Locator("[data-airwave-watch][data-airwave-state=offline]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        Assert.True(await viewer.Locator("[data-airwave-watch]").IsHiddenAsync(), "the Watch button shows only while the user broadcasts");

        var broadcaster = await rig.NewVisitorAsync();
        if (prepareBroadcaster is not null)
        {
            await prepareBroadcaster(broadcaster);
        }

        await broadcaster.GotoAsync(studio);
        await broadcaster.Locator("[data-airwave-broadcast]").ClickAsync();
        await broadcaster.Locator("[data-airwave-broadcast][data-airwave-state=live]").WaitForAsync();
        await viewer.Locator("[data-airwave-watch]").WaitForAsync();
        return (broadcaster, viewer);
    }

    /// <summary>
    /// The viewer's peer connection decodes video frames, and keeps decoding; if not, the failure says what the viewer's
    /// page (and the <paramref name="broadcaster"/>'s, when given) saw: its peer connections' states and its events.
    /// </summary>
    public static async Task AssertDecodingAsync(IPage viewer, IPage? broadcaster = null)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        try
        {
            var first = await Eventually.MatchAsync(() => FramesDecodedAsync(viewer), frames => frames > 0, TimeSpan.FromSeconds(30), "the viewer decoding frames");
            await Eventually.MatchAsync(() => FramesDecodedAsync(viewer), frames => frames > first + 10, TimeSpan.FromSeconds(30), "the viewer still decoding frames");
        }
        catch (Xunit.Sdk.XunitException e)
        {
            var seen = $"viewer's page: {await SeenAsync(viewer)}" + (broadcaster is null ? "" : $"\nbroadcaster's page: {await SeenAsync(broadcaster)}");
            throw new Xunit.Sdk.XunitException($"{e.Message}\n{seen}");
        }
    }

    /// <summary>What a page saw, for a failure's message: its peer connections' states and its last events.</summary>
    private static Task<string> SeenAsync(IPage page) => page.EvaluateAsync<string>("""
        () => JSON.stringify({
          peers: (window.airwavePeers || []).map(pc => `${pc.connectionState}/${pc.iceConnectionState}/${pc.signalingState}`),
          events: (window.airwaveEvents || []).slice(-40).map(e => [e.type, e.state, e.resumed ? 'resumed' : undefined].filter(Boolean).join(':')),
        })
        """);

    private static async Task<long> FramesDecodedAsync(IPage viewer) =>
        (await StatsAsync(viewer)).Where(s => s.GetProperty("role").GetString() == "viewer").Sum(s => s.GetProperty("framesDecoded").GetInt64());

    public static async Task<int> EventsAsync(IPage page, string type) =>
        (await page.EvaluateAsync<JsonElement>("window.airwaveEvents")).EnumerateArray().Count(e => e.GetProperty("type").GetString() == type);

    /// <summary>The addresses of both ends of every candidate pair the page's peer connections chose.</summary>
    public static async Task<IReadOnlyList<string>> ChosenAddressesAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var addresses = await page.EvaluateAsync<string[]>("""
            async () => {
              const found = [];
              for (const pc of window.airwavePeers) {
                const stats = [...(await pc.getStats()).values()];
                const byId = new Map(stats.map(s => [s.id, s]));
                for (const pair of stats.filter(s => s.type === 'candidate-pair' && s.state === 'succeeded' && s.nominated)) {
                  for (const id of [pair.localCandidateId, pair.remoteCandidateId]) {
                    const candidate = byId.get(id);
                    found.push(candidate.address ?? candidate.ip);
                  }
                }
              }
              return found;
            }
            """);
        return addresses;
    }

    /// <summary>The data of the site's service's events about the views of <paramref name="viewerUser"/>, once it has <paramref name="count"/>.</summary>
    public static Task<IReadOnlyList<JsonNode>> ViewEventsAsync(BrowserRig rig, string viewerUser, int count) =>
        Eventually.MatchAsync<IReadOnlyList<JsonNode>>(
            () => [.. rig.Downstream.Events.Select(e => e["data"]!).Where(d => (string?)(d["data"] ?? d)["viewer_user_id"] == viewerUser)],
            events => events.Count >= count,
            TimeSpan.FromSeconds(30),
            $"{count} events about {viewerUser}'s views at the site's service");

    /// <summary>Waits for the viewer's page to have reported <paramref name="count"/> view events of <paramref name="type"/>.</summary>
    public static Task<int> ReportedAsync(IPage viewer, string type, int count = 1) =>
        Eventually.MatchAsync(() => CountReportedAsync(viewer, type), n => n >= count, TimeSpan.FromSeconds(30), $"the viewer's page reporting {count} {type}");

    /// <summary>The view events of <paramref name="type"/> the viewer's page reported so far.</summary>
    private static async Task<int> CountReportedAsync(IPage viewer, string type) =>
        (await viewer.EvaluateAsync<JsonElement>("window.airwaveEvents")).EnumerateArray().Count(e => e.GetProperty("type").GetString() == "view" && e.GetProperty("event").GetString() == type);

    public static async Task<List<JsonElement>> StatsAsync(IPage page) =>
        [.. (await page.EvaluateAsync<JsonElement>("Airwave.stats()")).EnumerateArray()];
}
