using Microsoft.Playwright;

namespace Airwave.Signaling.Tests.Browser;

/// <summary>The SFU rig with Debian's Firefox ESR as its browser.</summary>
public sealed class FirefoxSfuRig : SfuRig
{
    protected override Task<IPlaywright> CreatePlaywrightAsync(NetworkNamespace network, DirectoryInfo folder) => FirefoxBrowser.CreatePlaywrightAsync(network, folder);

    protected override Task<IBrowser> LaunchAsync(IPlaywright playwright, DirectoryInfo folder) => FirefoxBrowser.LaunchAsync(playwright, HostAddress);
}

/// <summary>
/// WHIP and WHEP in Firefox, whose codecs have other payload types than the engine's (VP8 at 120, Opus at 109): the
/// whip-whep library publishes through the signaling service to the SFU pod, and a viewer takes the pod's offer, as
/// the embed script's viewers do (see the README's "SFU pods" for why).
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class FirefoxSfuTests(FirefoxSfuRig rig) : IClassFixture<FirefoxSfuRig>
{
    [Fact]
    public async Task Firefox_publishes_with_a_whip_client_library_from_npm_and_watches_taking_the_pods_offer()
    {
        var publisher = await rig.NewVisitorAsync();
        await publisher.GotoAsync(rig.ClientLibraryPage + "?role=publisher");
        await publisher.WaitForFunctionAsync("window.roomState === 'publishing' || window.roomState.startsWith('error')");
        var viewer = await rig.NewVisitorAsync();
        await viewer.GotoAsync(rig.RoomPage + "?role=viewer&offer=server");
        await viewer.WaitForFunctionAsync("window.roomState === 'watching' || window.roomState.startsWith('error')");

        Assert.Equal("publishing", await publisher.EvaluateAsync<string>("window.roomState"));
        Assert.Equal("watching", await viewer.EvaluateAsync<string>("window.roomState"));
        await Eventually.MatchAsync(() => viewer.EvaluateAsync<int>("window.framesDecoded()"), frames => frames >= 20, TimeSpan.FromSeconds(30), "20 frames decoded");
        await publisher.EvaluateAsync("window.client.stop()");
        foreach (var page in new[] { publisher, viewer })
        {
            await page.Context.CloseAsync();
        }
    }
}
