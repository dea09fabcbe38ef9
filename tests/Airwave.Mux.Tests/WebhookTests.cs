using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Mux.Video;
using Airwave.Sandbox.Aws;
using Airwave.Sandbox.Mux;

namespace Airwave.Mux.Tests;

/// <summary>The emulator's webhooks, received by an app built on Mux's own SDK, which checks every signature with mux.webhooks.unwrap.</summary>
public sealed class WebhookTests : IAsyncLifetime, IDisposable
{
    private const string Secret = "whsec-for-the-test";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("airwave-mux-webhooks-").FullName;
    private readonly HttpClient _http = new();
    private RunningProcess _receiver = null!;
    private MuxEmulator _emulator = null!;

    public async Task InitializeAsync()
    {
        var port = LoopbackPorts.Reserve();
        _receiver = RunningProcess.Start("node", [Repository.Path("tests", "mux-node", "webhook-receiver.mjs"), port.ToString(CultureInfo.InvariantCulture), Secret]);
        Assert.Equal("listening", await _receiver.ReadLineAsync(Timeout));
        _emulator = await MuxEmulator.StartAsync(new MuxEmulatorOptions { WebhookUrls = [new Uri($"http://127.0.0.1:{port}/mux")], WebhookSecret = Secret }, CancellationToken.None);
    }

    [Fact]
    public async Task An_upload_to_a_ready_asset_and_its_deletion_arrive_in_order_signed_as_mux_signs()
    {
        var client = new MuxClient(_http, new MuxClientOptions { BaseAddress = _emulator.BaseAddress, MaxRetries = 0 }, new MuxCredentials(_emulator.Options.TokenId, _emulator.Options.TokenSecret));
        var upload = await client.CreateUploadAsync(new DirectUploadRequest { CorsOrigin = "*", NewAssetSettings = new AssetSettings { Passthrough = "video-1" } }, CancellationToken.None);
        using (var put = await _http.PutAsync(upload.Url, new ByteArrayContent(await File.ReadAllBytesAsync(await TestMedia.ClipAsync(_directory)))))
        {
            put.EnsureSuccessStatusCode();
        }

        var assetId = (await client.GetUploadAsync(upload.Id, CancellationToken.None)).AssetId!;
        await Eventually.MatchAsync(() => client.GetAssetAsync(assetId, CancellationToken.None), a => a.Status == "ready", Timeout, "the asset is ready");
        await client.DeleteAssetAsync(assetId, CancellationToken.None);

        var lines = await _receiver.ReadUntilAsync(line => line.Contains("video.asset.deleted", StringComparison.Ordinal), Timeout);
        var events = lines.Select(l => JsonNode.Parse(l)!).ToList();

        Assert.DoesNotContain(events, e => e["rejected"] is not null);
        Assert.Equal(
            ["video.upload.created", "video.asset.created", "video.upload.asset_created", "video.asset.ready", "video.asset.deleted"],
            events.Select(e => (string?)e["type"]));
        Assert.Equal(upload.Id, (string?)events[0]["object"]!["id"]);
        Assert.Equal(assetId, (string?)events[3]["object"]!["id"]);
        Assert.Equal("ready", (string?)events[3]["status"]);
        Assert.Equal("video-1", (string?)events[3]["passthrough"]);
        Assert.Equal(events.Count, events.Select(e => (string?)e["id"]).Distinct().Count());
    }

    [Fact]
    public async Task A_receiver_with_another_secret_refuses_the_events()
    {
        await using var other = await MuxEmulator.StartAsync(new MuxEmulatorOptions { WebhookUrls = _emulator.Options.WebhookUrls, WebhookSecret = "another-secret" }, CancellationToken.None);
        var client = new MuxClient(_http, new MuxClientOptions { BaseAddress = other.BaseAddress, MaxRetries = 0 }, new MuxCredentials(other.Options.TokenId, other.Options.TokenSecret));

        await client.CreateUploadAsync(new DirectUploadRequest { CorsOrigin = "*" }, CancellationToken.None);
        var line = JsonNode.Parse(await _receiver.ReadLineAsync(Timeout))!;

        Assert.Equal("No signatures found matching the expected signature for payload.", (string?)line["rejected"]);
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        await _receiver.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    public void Dispose() => _http.Dispose();
}
