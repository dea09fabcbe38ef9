namespace Airwave.Signaling.Tests.Browser;

/// <summary>The embed script in real Firefox: the scenarios of every browser.</summary>
[Collection(BrowserGroup.Name)]
public sealed class FirefoxBroadcastTests(FirefoxRig rig) : EveryBrowserTests(rig), IClassFixture<FirefoxRig>
{
    protected override string BrowserMark => "Firefox/";
}
