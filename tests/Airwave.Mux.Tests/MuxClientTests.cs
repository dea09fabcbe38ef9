using System.Net;
using Airwave.Mux.Video;

namespace Airwave.Mux.Tests;

/// <summary>The operator's Mux client against the emulator, which Mux's own SDK reads as Mux (<see cref="MuxNodeSdkTests"/>).</summary>
public sealed class MuxClientTests(MuxEmulatorFixture mux) : IClassFixture<MuxEmulatorFixture>
{
    private MuxClient Client(MuxCredentials? credentials = null) =>
        new(new HttpClient(), new MuxClientOptions { BaseAddress = mux.Emulator.BaseAddress, MaxRetries = 0 }, credentials ?? mux.Credentials);

    [Fact]
    public async Task A_direct_upload_is_created_with_its_asset_settings_read_back_and_cancelled()
    {
        var client = Client();

        var upload = await client.CreateUploadAsync(new DirectUploadRequest
        {
            CorsOrigin = "https://app.example.com",
            Timeout = 600,
            NewAssetSettings = new AssetSettings { PlaybackPolicy = [PlaybackPolicy.Signed], VideoQuality = "basic", Passthrough = "uid-1", Meta = new AssetMeta { Title = "Keynote" } },
        }, CancellationToken.None);
        var read = await client.GetUploadAsync(upload.Id, CancellationToken.None);
        var cancelled = await client.CancelUploadAsync(upload.Id, CancellationToken.None);

        Assert.Equal("waiting", upload.Status);
        Assert.NotNull(upload.Url);
        Assert.Equal(600, read.Timeout);
        Assert.Equal("https://app.example.com", read.CorsOrigin);
        Assert.Equal(["signed"], read.NewAssetSettings!.PlaybackPolicy);
        Assert.Equal("Keynote", read.NewAssetSettings.Meta!.Title);
        Assert.Equal("cancelled", cancelled.Status);
    }

    [Fact]
    public async Task An_asset_from_a_url_gets_playback_ids_and_is_gone_once_deleted()
    {
        var client = Client();

        var asset = await client.CreateAssetAsync(new AssetSettings { Input = [new AssetInput("https://example.com/talk.mp4")], PlaybackPolicy = [PlaybackPolicy.Public], Passthrough = "uid-2" }, CancellationToken.None);
        var signed = await client.CreatePlaybackIdAsync(asset.Id, PlaybackPolicy.Signed, CancellationToken.None);
        var read = await client.GetAssetAsync(asset.Id, CancellationToken.None);
        await client.DeletePlaybackIdAsync(asset.Id, signed.Id, CancellationToken.None);
        await client.DeleteAssetAsync(asset.Id, CancellationToken.None);
        var gone = await Assert.ThrowsAsync<MuxApiException>(() => client.GetAssetAsync(asset.Id, CancellationToken.None));

        Assert.Equal("preparing", asset.Status);
        Assert.Equal(["public", "signed"], read.PlaybackIds!.Select(p => p.Policy));
        Assert.Equal("uid-2", read.Passthrough);
        Assert.True(gone.IsNotFound);
        Assert.Equal("not_found", gone.Type);
    }

    [Fact]
    public async Task Assets_are_listed_newest_first_a_page_at_a_time_until_the_last()
    {
        await using var emulator = await Sandbox.Mux.MuxEmulator.StartAsync(new Sandbox.Mux.MuxEmulatorOptions(), CancellationToken.None);
        var client = new MuxClient(new HttpClient(), new MuxClientOptions { BaseAddress = emulator.BaseAddress, MaxRetries = 0 }, new MuxCredentials(emulator.Options.TokenId, emulator.Options.TokenSecret));
        var made = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            made.Add((await client.CreateAssetAsync(new AssetSettings { Input = [new AssetInput("http://127.0.0.1:9/missing.mp4")], Passthrough = $"video-{i}" }, CancellationToken.None)).Id);
        }

        await client.DeleteAssetAsync(made[2], CancellationToken.None);
        var pages = new List<AssetPage>();
        string? cursor = null;
        do
        {
            var page = await client.ListAssetsAsync(cursor, 2, CancellationToken.None);
            pages.Add(page);
            cursor = page.NextCursor;
        }
        while (cursor is not null && pages.Count < 10);

        Assert.Equal([2, 2], pages.Select(p => p.Assets.Count));
        Assert.Equal(["video-4", "video-3", "video-1", "video-0"], pages.SelectMany(p => p.Assets).Select(a => a.Passthrough));
        Assert.Null(pages[^1].NextCursor);
    }

    [Fact]
    public async Task A_signing_key_gives_its_private_key_once()
    {
        var client = Client();

        var key = await client.CreateSigningKeyAsync(CancellationToken.None);
        var read = await client.GetSigningKeyAsync(key.Id, CancellationToken.None);
        await client.DeleteSigningKeyAsync(key.Id, CancellationToken.None);

        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(key.PrivateKey!)));
        Assert.Null(read.PrivateKey);
        Assert.True((await Assert.ThrowsAsync<MuxApiException>(() => client.GetSigningKeyAsync(key.Id, CancellationToken.None))).IsNotFound);
    }

    [Fact]
    public async Task An_asset_update_changes_what_it_names_and_keeps_the_rest()
    {
        var client = Client();
        var asset = await client.CreateAssetAsync(new AssetSettings { Input = [new AssetInput("https://example.com/a.mp4")], Passthrough = "p1", Meta = new AssetMeta { Title = "Old", ExternalId = "team-a/talk" } }, CancellationToken.None);

        var updated = await client.UpdateAssetAsync(asset.Id, new AssetUpdate { Meta = new AssetMeta { Title = "New" } }, CancellationToken.None);
        var tooLong = await Assert.ThrowsAsync<MuxApiException>(() => client.UpdateAssetAsync(asset.Id, new AssetUpdate { Passthrough = new string('x', 256) }, CancellationToken.None));
        var missing = await Assert.ThrowsAsync<MuxApiException>(() => client.UpdateAssetAsync("no-such-asset", new AssetUpdate { Passthrough = "p" }, CancellationToken.None));

        Assert.Equal(("New", "team-a/talk", "p1"), (updated.Meta!.Title, updated.Meta.ExternalId, updated.Passthrough));
        Assert.Equal("New", (await client.GetAssetAsync(asset.Id, CancellationToken.None)).Meta!.Title);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.True(missing.IsNotFound);
        await client.DeleteAssetAsync(asset.Id, CancellationToken.None);
    }

    [Fact]
    public async Task Mux_errors_carry_their_type_and_messages()
    {
        var invalid = await Assert.ThrowsAsync<MuxApiException>(() => Client().CreateAssetAsync(new AssetSettings { PlaybackPolicy = ["everyone"] }, CancellationToken.None));
        var unauthorized = await Assert.ThrowsAsync<MuxApiException>(() => Client(new MuxCredentials(mux.Credentials.TokenId, "wrong")).GetAssetAsync("x", CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("invalid_parameters", invalid.Type);
        Assert.Contains(invalid.Messages, m => m.Contains("playback_policy", StringComparison.Ordinal));
        Assert.Contains(invalid.Messages, m => m.Contains("input", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal("unauthorized", unauthorized.Type);
    }

    [Fact]
    public void Credentials_never_print_their_secret() =>
        Assert.DoesNotContain("s3cr3t", new MuxCredentials("token-id", "s3cr3t").ToString(), StringComparison.Ordinal);
}
