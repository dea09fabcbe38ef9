using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Airwave.Webhook.Tests;

/// <summary>
/// Airwave's player in Debian's Chromium: a page that loads player.js from the webhook service plays a Signed
/// VideoAsset through the playback-token flow, and the downstream service receives the view and its performance.
/// </summary>
public sealed class PlayerTests(CallbackSandbox sandbox) : IClassFixture<CallbackSandbox>, IAsyncLifetime, IDisposable
{
    private readonly HttpClient _http = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Timeout = 60_000,
            Args = ["--no-sandbox", "--autoplay-policy=no-user-gesture-required"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task A_page_plays_a_signed_video_with_player_js_and_its_view_reaches_the_downstream_service()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        var token = await SignedVideoAsync(ns, seconds: 12);

        var page = await _browser!.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) => console.Add($"{message.Type}: {message.Text}");
        // The page has an origin of its own (another port), so the player's requests to the service are cross-origin.
        await using var site = await PageServer.StartAsync(Page(ns, token));
        await page.GotoAsync(site.Url.ToString());
        try
        {
            await page.WaitForFunctionAsync("() => document.querySelector('video').currentTime >= 5", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            var state = await page.EvaluateAsync<string>("() => { const v = document.querySelector('video'); return `readyState ${v.readyState}, currentTime ${v.currentTime}, paused ${v.paused}, error ${v.error && v.error.message}`; }");
            Assert.Fail($"the video did not play 5 seconds: {state}\n{string.Join('\n', console)}");
        }

        // A view lasts from play to its end on the clock, stalls included, so it is compared with the clock, not with how
        // far the video got (on a busy machine the two part by the time the video waited for segments).
        var watched = await page.EvaluateAsync<double>("() => { window.player.end(); return (performance.now() - window.playedAt) / 1000; }");
        // hls.js found the emulator's ladder (it orders levels by bandwidth): a 360p source as 240p and 360p.
        var heights = await page.EvaluateAsync<int[]>("() => window.player.hls.levels.map(l => l.height)");
        Assert.Equal([240, 360], heights);
        var userAgent = await page.EvaluateAsync<string>("() => navigator.userAgent");
        var viewId = await page.EvaluateAsync<string>("() => window.player.reporter.viewId");

        var viewed = await sandbox.DownstreamEventAsync("dev.airwave.video.viewed", e => (string?)e["data"]!["video_data"]!["namespace"] == ns);
        Assert.Equal(userAgent, (string?)viewed["data"]!["user_agent"]);
        var analytics = await sandbox.DownstreamEventAsync("dev.airwave.video.analytics", e => (string?)e["data"]!["data"]!["view_id"] == viewId);
        var performance = analytics["data"]!["data"]!;
        Assert.Equal("ended", (string?)performance["end_reason"]);
        Assert.InRange((double)performance["view_duration"]!, watched - 2, watched + 2);
        Assert.True((double)performance["startup_time_ms"]! > 0);
        Assert.Equal(0, (int)performance["errors"]!);
        Assert.Equal(userAgent, (string?)performance["user_agent"]);

        // hls.js sent CMCD with its segment requests, and the player forwarded it: the view's session and content.
        var cmcd = performance["cmcd"]!;
        Assert.Equal((string?)viewed["data"]!["session_id"], (string?)cmcd["sid"]);
        Assert.Equal($"VideoAsset/{ns}/intro", (string?)cmcd["cid"]);
    }

    [Fact]
    public async Task On_a_network_that_slows_down_the_view_reports_its_stall_and_its_switch_to_a_lower_rendition()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        var token = await SignedVideoAsync(ns, seconds: 30);
        var page = await _browser!.NewPageAsync();
        var network = await page.Context.NewCDPSessionAsync(page);
        await network.SendAsync("Network.enable");

        // Start on the 360p rendition with little buffered ahead, so that a slower network shows within seconds.
        await using var site = await PageServer.StartAsync(Page(ns, token, "{ startLevel: 1, maxBufferLength: 4, maxMaxBufferLength: 6 }"));
        await page.GotoAsync(site.Url.ToString());
        await page.WaitForFunctionAsync("() => document.querySelector('video').currentTime >= 2", null, new PageWaitForFunctionOptions { Timeout = 60_000 });

        // Then the network drops below the lowest rendition's bandwidth (580 kbit/s) until the video has stalled and
        // hls.js plays the 240p rendition.
        await ThrottleAsync(network, kilobitsPerSecond: 150);
        await page.WaitForFunctionAsync("() => window.stalled === true && window.player.hls.currentLevel === 0", null, new PageWaitForFunctionOptions { Timeout = 90_000 });
        await ThrottleAsync(network, kilobitsPerSecond: null);
        await page.WaitForFunctionAsync("() => !document.querySelector('video').paused && document.querySelector('video').readyState >= 3", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        var watched = await page.EvaluateAsync<double>("() => { window.player.end(); return (performance.now() - window.playedAt) / 1000; }");
        var viewId = await page.EvaluateAsync<string>("() => window.player.reporter.viewId");

        var analytics = await sandbox.DownstreamEventAsync("dev.airwave.video.analytics", e => (string?)e["data"]!["data"]!["view_id"] == viewId);
        var performance = analytics["data"]!["data"]!;
        Assert.True((int)performance["buffering_events"]! >= 1, performance.ToJsonString());
        Assert.True((int)performance["quality_changes"]! >= 1, performance.ToJsonString());
        Assert.True((double)performance["buffering_duration"]! > 0, performance.ToJsonString());
        Assert.InRange((double)performance["view_duration"]!, watched - 2, watched + 2);
    }

    [Fact]
    public async Task A_page_plays_a_live_stream_and_on_a_slower_network_reports_its_stall_and_a_lower_rendition()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        var running = await Eventually.MatchAsync(
            async () => JsonNode.Parse(await sandbox.Kubectl.SucceedAsync("get", "livestream", "workshop-a", "-n", ns, "-o", "json")),
            stream => (string?)stream?["status"]?["phase"] == "Running",
            CallbackSandbox.Timeout,
            "workshop-a Running");
        var playback = (string)running!["status"]!["playback"]!["url"]!;
        var ingest = Encoding.UTF8.GetString(Convert.FromBase64String((string)JsonNode.Parse(await sandbox.Kubectl.SucceedAsync("get", "secret", "workshop-a-ingest", "-n", ns, "-o", "json"))!["data"]!["primaryUrl"]!));

        // An encoder pushes until the stream stops, at the end; the channel encodes the stream's 720p ladder.
        var push = TestMedia.PushRtmpAsync(ingest, seconds: 240);

        // The page opens once the stream is on the air, as a site shows its player.
        await Eventually.MatchAsync(
            async () =>
            {
                using var answer = await _http.GetAsync(new Uri(playback));
                return answer.StatusCode;
            },
            status => status == HttpStatusCode.OK,
            CallbackSandbox.Timeout,
            "the stream on the air");
        var page = await _browser!.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) => console.Add($"{message.Type}: {message.Text}");
        var network = await page.Context.NewCDPSessionAsync(page);
        await network.SendAsync("Network.enable");
        await using var site = await PageServer.StartAsync(Page("LiveStream", ns, "workshop-a", playback, null, "{ startLevel: 1 }"));
        await page.GotoAsync(site.Url.ToString());
        try
        {
            await page.WaitForFunctionAsync("() => document.querySelector('video').currentTime >= 2", null, new PageWaitForFunctionOptions { Timeout = 90_000 });
        }
        catch (TimeoutException)
        {
            var state = await page.EvaluateAsync<string>("() => { const v = document.querySelector('video'); return `readyState ${v.readyState}, currentTime ${v.currentTime}, paused ${v.paused}, error ${v.error && v.error.message}`; }");
            using var master = await _http.GetAsync(new Uri(playback));
            Assert.Fail($"the stream did not play 2 seconds: {state}; the playback URL answers {(int)master.StatusCode}: {await master.Content.ReadAsStringAsync()}\n{string.Join('\n', console)}");
        }

        var heights = await page.EvaluateAsync<int[]>("() => window.player.hls.levels.map(l => l.height)");

        // The network drops below the 360p rendition's bandwidth (928 kbit/s) until the stream has stalled and hls.js
        // plays that rendition.
        await ThrottleAsync(network, kilobitsPerSecond: 300);
        await page.WaitForFunctionAsync("() => window.stalled === true && window.player.hls.currentLevel === 0", null, new PageWaitForFunctionOptions { Timeout = 120_000 });
        await ThrottleAsync(network, kilobitsPerSecond: null);
        await page.WaitForFunctionAsync("() => !document.querySelector('video').paused && document.querySelector('video').readyState >= 3", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        var watched = await page.EvaluateAsync<double>("() => { window.player.end(); return (performance.now() - window.playedAt) / 1000; }");
        var viewId = await page.EvaluateAsync<string>("() => window.player.reporter.viewId");
        var userAgent = await page.EvaluateAsync<string>("() => navigator.userAgent");
        await sandbox.Kubectl.SucceedAsync("patch", "livestream", "workshop-a", "-n", ns, "--type=merge", "-p", """{"spec":{"state":"Stopped"}}""");
        await push;

        Assert.Equal([360, 540, 720], heights);
        var viewed = await sandbox.DownstreamEventAsync("dev.airwave.stream.viewed", e => (string?)e["data"]!["stream_data"]?["namespace"] == ns);
        Assert.Equal(userAgent, (string?)viewed["data"]!["user_agent"]);
        var analytics = await sandbox.DownstreamEventAsync("dev.airwave.stream.analytics", e => (string?)e["data"]!["data"]!["view_id"] == viewId);
        var performance = analytics["data"]!["data"]!;
        Assert.True((int)performance["buffering_events"]! >= 1, performance.ToJsonString());
        Assert.True((int)performance["quality_changes"]! >= 1, performance.ToJsonString());
        Assert.InRange((double)performance["view_duration"]!, watched - 2, watched + 2);
        Assert.Equal(userAgent, (string?)performance["user_agent"]);
    }

    [Fact]
    public async Task The_player_and_the_hls_js_release_it_ships_are_served_for_pages_to_load()
    {
        using var player = await _http.GetAsync(new Uri(sandbox.CallbackUrl, "/v1/player/player.js"));
        Assert.Equal(HttpStatusCode.OK, player.StatusCode);
        Assert.Equal("text/javascript", player.Content.Headers.ContentType?.MediaType);
        Assert.Contains("AirwavePlayer", await player.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(sandbox.CallbackUrl, "/v1/player/hls.min.js"));
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse((await _http.GetAsync(new Uri(sandbox.CallbackUrl, "/v1/player/hls.min.js"))).Headers.ETag!.ToString()));
        using var revalidated = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);

        // What is shipped is the release the package lock pins, byte for byte (installed by tests/install-tools.sh).
        var shipped = await _http.GetByteArrayAsync(new Uri(sandbox.CallbackUrl, "/v1/player/hls.min.js"));
        var pinned = await File.ReadAllBytesAsync(Repository.Path("webhook", "Airwave.Webhook", "Player", "node_modules", "hls.js", "dist", "hls.min.js"));
        Assert.Equal(pinned, shipped);
        var lockFile = JsonNode.Parse(await File.ReadAllTextAsync(Repository.Path("webhook", "Airwave.Webhook", "Player", "package-lock.json")))!;
        Assert.Equal("1.7.4", (string?)lockFile["packages"]!["node_modules/hls.js"]!["version"]);
    }

    /// <summary>A page that plays the example's Signed video with player.js, with the token an app backend got for it.</summary>
    private string Page(string ns, JsonNode token, string hlsConfig = "{}") =>
        Page("VideoAsset", ns, "intro", (string)token["playbackUrl"]!, (string?)token["viewToken"], hlsConfig);

    /// <summary>A page that plays a stream or video with player.js; it notes when play began and whether the video stalled.</summary>
    private string Page(string kind, string ns, string name, string src, string? viewToken, string hlsConfig) => $$"""
        <!doctype html>
        <html><body>
        <video muted playsinline width="640" height="360"></video>
        <script src="{{new Uri(sandbox.CallbackUrl, "/v1/player/player.js")}}"></script>
        <script>
          const video = document.querySelector('video');
          video.addEventListener('play', () => { window.playedAt ??= performance.now(); }, { once: true });
          video.addEventListener('waiting', () => { if (video.currentTime > 0) { window.stalled = true; } });
          window.player = AirwavePlayer.play(video, {
            kind: {{JsonSerializer.Serialize(kind)}}, namespace: {{JsonSerializer.Serialize(ns)}}, name: {{JsonSerializer.Serialize(name)}},
            src: {{JsonSerializer.Serialize(src)}}, viewToken: {{JsonSerializer.Serialize(viewToken)}},
            hls: {{hlsConfig}},
          });
          window.player.ready.then(() => video.play());
        </script>
        </body></html>
        """;

    /// <summary>The example's Signed VideoAsset in <paramref name="ns"/>, Ready with a clip of that length, and a playback token for it as an app backend gets one.</summary>
    private async Task<JsonNode> SignedVideoAsync(string ns, int seconds)
    {
        await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", "videoasset-direct-upload.yaml"));
        await sandbox.Kubectl.SucceedAsync("create", "serviceaccount", "app", "-n", ns);
        await sandbox.Kubectl.SucceedAsync("create", "role", "watch", "-n", ns, "--verb=get", "--resource=videoassets.media.airwave.dev");
        await sandbox.Kubectl.SucceedAsync("create", "rolebinding", "app-watches", "-n", ns, "--role=watch", $"--serviceaccount={ns}:app");
        var bearer = (await sandbox.Kubectl.SucceedAsync("create", "token", "app", "-n", ns, "--audience=airwave-playback")).Trim();
        await sandbox.UploadIntroAsync(ns, await TestMedia.ClipAsync(sandbox.Directory, seconds));
        return await PlaybackTokenAsync(bearer, ns);
    }

    /// <summary>Chromium's own network emulation for the page: this throughput each way (bytes a second), or none when null.</summary>
    private static async Task ThrottleAsync(ICDPSession network, int? kilobitsPerSecond)
    {
        var throughput = kilobitsPerSecond is { } kbps ? kbps * 1000 / 8 : -1;
        await network.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false,
            ["latency"] = kilobitsPerSecond is null ? 0 : 20,
            ["downloadThroughput"] = throughput,
            ["uploadThroughput"] = throughput,
        });
    }

    private async Task<JsonNode> PlaybackTokenAsync(string bearer, string ns)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(sandbox.CallbackUrl, "/v1/playback-tokens"))
        {
            Content = new StringContent(JsonSerializer.Serialize(new { @namespace = ns, name = "intro", expiresInSeconds = 600 }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
