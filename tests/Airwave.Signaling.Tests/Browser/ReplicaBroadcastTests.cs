using System.Text.Json;

namespace Airwave.Signaling.Tests.Browser;

/// <summary>In Chromium, a broadcaster's page connected to one replica and a viewer's page to the other.</summary>
[Collection(BrowserGroup.Name)]
public sealed class ReplicaBroadcastTests(TwoReplicaBrowserRig rig) : IClassFixture<TwoReplicaBrowserRig>
{
    [Fact]
    public async Task A_broadcaster_and_a_viewer_on_different_replicas_connect_and_the_video_plays()
    {
        var studio = rig.SitePage("studio", $"""<button data-airwave-broadcast data-airwave-token="{await rig.Site.TokenAsync("alice")}">Start broadcast</button>""", rig.Replicas[0]);
        var profile = rig.SitePage("profile", $"""<button data-airwave-watch="alice" data-airwave-token="{await rig.Site.TokenAsync("bob")}">Watch</button>""", rig.Replicas[1]);
        var broadcaster = await rig.NewVisitorAsync();
        var viewer = await rig.NewVisitorAsync();
        await viewer.GotoAsync(profile);
        await broadcaster.GotoAsync(studio);

        await broadcaster.Locator("[data-airwave-broadcast]").ClickAsync();
        await viewer.Locator("[data-airwave-watch]").ClickAsync();
        await broadcaster.Locator("[data-airwave-decision=accept]").ClickAsync();

        var frames = await Eventually.MatchAsync(
            async () => (await viewer.EvaluateAsync<JsonElement>("Airwave.stats()")).EnumerateArray().Sum(s => s.GetProperty("framesDecoded").GetInt64()),
            decoded => decoded > 10,
            TimeSpan.FromSeconds(30),
            "the viewer decoding frames relayed across the replicas");
        Assert.True(frames > 10);
        Assert.Contains("airwave_signaling_connections{role=\"broadcaster\"} 1\n", await rig.Replicas[0].Management.GetStringAsync("/metrics"), StringComparison.Ordinal);
        Assert.Contains("airwave_signaling_connections{role=\"viewer\"} 1\n", await rig.Replicas[1].Management.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }
}
