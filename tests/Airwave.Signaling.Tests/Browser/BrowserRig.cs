using System.Globalization;
using Airwave.Events.Signing;
using Airwave.Testing.Downstream;
using Microsoft.Playwright;

namespace Airwave.Signaling.Tests.Browser;

/// <summary>
/// Debian's Chromium, driven by Playwright, inside a network namespace of the test's own (WebRTC needs an address
/// that is not loopback), with fake camera and microphone; the signaling service and a website that embeds its script
/// listen on this side of the namespace's veth pair. <see cref="FirefoxRig"/> runs Firefox instead. The rigs run one at
/// a time (<see cref="BrowserGroup"/>): a browser takes most of a core, and Firefox's rig sets a variable of the process
/// while it starts its driver.
/// </summary>
public class BrowserRig : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("airwave-browser-");
    private readonly Dictionary<string, string?> _settings = new() { ["Signaling:Sessions:HeartbeatInterval"] = "00:00:02" };
    private NetworkNamespace? _namespace;
    private IPlaywright? _playwright;

    /// <summary>The replicas of the service; pages load the script from the first unless told.</summary>
    public IReadOnlyList<SignalingServer> Replicas { get; private set; } = [];

    public SignalingServer Server => Replicas[0];

    /// <summary>Where the services the browser uses listen: this side's address on the veth pair.</summary>
    public string HostAddress => _namespace?.HostAddress ?? throw new InvalidOperationException("not started");

    /// <summary>This side's interface of the veth pair.</summary>
    public string HostInterface => _namespace?.HostInterface ?? throw new InvalidOperationException("not started");

    /// <summary>The browser's own address, where its media flows: the namespace's end of the veth pair.</summary>
    public string InsideAddress => _namespace?.InsideAddress ?? throw new InvalidOperationException("not started");

    public SitePages Pages { get; private set; } = null!;

    public TestSite Site { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The site's own service: every replica sends it its events (DOWNSTREAM_SERVICE_*).</summary>
    public Receiver Downstream { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        // Browsers never offer loopback addresses as candidates: a namespace of the test's own.
        _namespace = await NetworkNamespace.CreateAsync();
        Downstream = await Receiver.StartAsync();
        var secret = WebhookSecret.Generate();
        Downstream.Secrets = [secret];
        _settings["DOWNSTREAM_SERVICE_ENABLED"] = "true";
        _settings["DOWNSTREAM_SERVICE_URL"] = Downstream.Url.ToString();
        _settings["DOWNSTREAM_SERVICE_SIGNING_SECRET"] = secret;
        _settings["Downstream:PollInterval"] = "00:00:01";
        Replicas = await StartReplicasAsync(HostAddress, _settings);
        Pages = await SitePages.StartAsync(HostAddress);
        Site = await TestSite.CreateAsync(Server, "shop", Pages.Origin, SiteSfu);
        _playwright = await CreatePlaywrightAsync(_namespace, _folder);
        Browser = await LaunchAsync(_playwright, _folder);
    }

    /// <summary>Playwright's driver, here in this namespace: it reaches Chromium through a pipe.</summary>
    /// <summary>The site's sfu block (streams its broadcasts move to), none by default.</summary>
    protected virtual object? SiteSfu => null;

    protected virtual Task<IPlaywright> CreatePlaywrightAsync(NetworkNamespace network, DirectoryInfo folder) => Playwright.CreateAsync();

    protected virtual async Task<IBrowser> LaunchAsync(IPlaywright playwright, DirectoryInfo folder)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        ArgumentNullException.ThrowIfNull(folder);

        // Playwright starts the browser through this script, which puts it in the namespace; its pipe to the browser
        // is inherited, so it works across the namespaces.
        var launcher = Path.Combine(folder.FullName, "chromium-in-namespace");
        await File.WriteAllTextAsync(launcher, $"#!/bin/sh\nexec ip netns exec {_namespace!.Name} /usr/bin/chromium \"$@\"\n");
        Assert.Equal(0, (await ProcessRunner.RunAsync("chmod", ["700", launcher], TimeSpan.FromSeconds(10))).ExitCode);
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = launcher,
            Headless = true,
            Timeout = 60_000,
            Args =
            [
                "--no-sandbox",
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                // The site is served over plain HTTP on the veth address; cameras are for secure contexts only.
                $"--unsafely-treat-insecure-origin-as-secure={Pages.Origin}",
                // Candidates as addresses rather than .local names: there is no mDNS responder in the namespace.
                "--disable-features=WebRtcHideLocalIpsWithMdns",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        });
    }

    /// <summary>A page of the site that embeds the script with <paramref name="body"/>; returns its URL.</summary>
    public string SitePage(string name, string body, SignalingServer? replica = null) => SitePage(Pages, name, body, replica);

    /// <summary>A page of <paramref name="pages"/> (another website) that embeds the script of <paramref name="replica"/> (the first unless told).</summary>
    public string SitePage(SitePages pages, string name, string body, SignalingServer? replica = null) => pages.Put(name, $"""
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>{name}</title></head>
        <body>
        {body}
        <script src="{(replica ?? Server).Public.BaseAddress}embed.js" data-site="{Site.Id}" async></script>
        </body>
        </html>
        """);

    /// <summary>
    /// A browser profile of its own (cookies, storage) with a page that records the script's events in
    /// window.airwaveEvents and its peer connections in window.airwavePeers.
    /// </summary>
    public async Task<IPage> NewVisitorAsync()
    {
        var context = await Browser.NewContextAsync();
        await context.AddInitScriptAsync("""
            window.airwaveEvents = [];
            document.addEventListener('airwave', (e) => window.airwaveEvents.push(e.detail));
            window.airwavePeers = [];
            window.airwaveMediaRequests = 0;
            const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
            navigator.mediaDevices.getUserMedia = (...args) => { window.airwaveMediaRequests++; return getUserMedia(...args); };
            const Native = window.RTCPeerConnection;
            window.RTCPeerConnection = class extends Native { constructor(...args) { super(...args); window.airwavePeers.push(this); } };
            """);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        return page;
    }

    /// <summary>Stops the (single) service and starts it again on the same address, ports and database, as a pod restart does.</summary>
    public async Task RestartAsync()
    {
        var old = Server;
        await old.DisposeAsync();
        Replicas = [await SignalingServer.StartAsync(_folder.FullName, address: HostAddress, settings: new Dictionary<string, string?>(_settings)
        {
            ["Signaling:PublicPort"] = old.Public.BaseAddress!.Port.ToString(CultureInfo.InvariantCulture),
            ["Signaling:ManagementPort"] = old.Management.BaseAddress!.Port.ToString(CultureInfo.InvariantCulture),
        })];
    }

    /// <summary>One replica on SQLite; a rig of several replicas starts them on a shared database.</summary>
    protected virtual async Task<IReadOnlyList<SignalingServer>> StartReplicasAsync(string address, IDictionary<string, string?> settings) =>
        [await SignalingServer.StartAsync(_folder.FullName, address: address, settings: settings)];

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Pages is not null)
        {
            await Pages.DisposeAsync();
        }

        foreach (var replica in Replicas)
        {
            await replica.DisposeAsync();
        }

        if (_namespace is not null)
        {
            await _namespace.DisposeAsync();
        }

        if (Downstream is not null)
        {
            await Downstream.DisposeAsync();
        }

        _folder.Delete(recursive: true);
    }
}
