using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Airwave.Webhook.Tests;

/// <summary>
/// A direct upload to the AWS video bucket from Debian's Chromium: a page at the VideoAsset's corsOrigin PUTs the file
/// to status.uploadUrl (the browser's preflight is allowed by the bucket's CORS rule), and the video becomes Ready; a
/// page at another origin cannot.
/// </summary>
public sealed class BrowserUploadTests(CallbackSandbox sandbox) : IClassFixture<CallbackSandbox>, IAsyncLifetime
{
    private const string PutScript = """
        async ([url, base64]) => {
            const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
            try {
                const answer = await fetch(url, { method: 'PUT', body: new Blob([bytes], { type: 'video/mp4' }), headers: { 'Content-Type': 'video/mp4' } });
                return `${answer.status} ${answer.headers.get('ETag') ? 'etag' : 'no etag'}`;
            } catch (e) {
                return `${e.name}: ${e.message}`;
            }
        }
        """;

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = "/usr/bin/chromium", Headless = true, Timeout = 60_000, Args = ["--no-sandbox"] });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    [Fact]
    public async Task A_page_at_the_assets_origin_puts_its_file_to_the_upload_url_and_a_page_elsewhere_cannot()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        var file = await TestMedia.ClipAsync(sandbox.Directory);
        var base64 = Convert.ToBase64String(await File.ReadAllBytesAsync(file));
        await using var site = await PageServer.StartAsync("<!doctype html><title>studio</title>");
        await using var elsewhere = await PageServer.StartAsync("<!doctype html><title>elsewhere</title>");
        var origin = site.Url.GetLeftPart(UriPartial.Authority);
        var applied = await sandbox.Kubectl.RunWithInputAsync($$"""
            apiVersion: media.airwave.dev/v1alpha1
            kind: VideoAsset
            metadata: { name: studio-upload }
            spec:
              title: From the studio page
              provider: Aws
              source: { directUpload: { corsOrigin: "{{origin}}" } }
            """, "apply", "-n", ns, "-f", "-");
        Assert.True(applied.ExitCode == 0, applied.ToString());
        var waiting = await Eventually.MatchAsync(Asset(ns), a => a?["status"]?["uploadUrl"] is not null, CallbackSandbox.Timeout, "an upload URL");
        var url = (string)waiting!["status"]!["uploadUrl"]!;

        // The browser asks S3 first, and S3's CORS rule names only the studio's origin: no request reaches the bucket.
        var refused = await _browser!.NewPageAsync();
        await refused.GotoAsync(elsewhere.Url.ToString());
        Assert.Equal("TypeError: Failed to fetch", await refused.EvaluateAsync<string>(PutScript, new object[] { url, base64 }));

        var page = await _browser.NewPageAsync();
        await page.GotoAsync(site.Url.ToString());
        Assert.Equal("200 etag", await page.EvaluateAsync<string>(PutScript, new object[] { url, base64 }));

        var ready = await Eventually.MatchAsync(Asset(ns), a => (string?)a?["status"]?["phase"] is "Ready" or "Errored", TimeSpan.FromSeconds(180), "the uploaded video settles");
        Assert.True((string?)ready!["status"]!["phase"] == "Ready", ready.ToJsonString());
        Assert.Equal(new FileInfo(file).Length, (long)ready["status"]!["metadata"]!["fileSize"]!);
    }

    private Func<Task<JsonNode?>> Asset(string ns) =>
        async () => JsonNode.Parse(await sandbox.Kubectl.SucceedAsync("get", "videoasset", "studio-upload", "-n", ns, "-o", "json"));
}
