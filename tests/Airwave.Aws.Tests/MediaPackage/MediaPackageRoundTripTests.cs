using Airwave.Aws.Errors;
using Airwave.Aws.MediaPackage;
using Airwave.Aws.Tests.Support;

namespace Airwave.Aws.Tests.MediaPackage;

public sealed class MediaPackageRoundTripTests : IAsyncLifetime
{
    private EmulatorHarness _aws = null!;

    private IMediaPackageClient Client => _aws.MediaPackage;

    public async Task InitializeAsync() => _aws = await EmulatorHarness.StartAsync();

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    public static HlsPackage EncryptedPackage(int keyRotationIntervalSeconds = 60) => new(
        SegmentDurationSeconds: 6,
        PlaylistWindowSeconds: 60,
        Encryption: new HlsEncryption(
            new SpekeKeyProvider("workshop-a", "arn:aws:iam::123456789012:role/SpekeAccess", ["81376844-f976-481e-a84e-cc25d39b0b33"], "https://speke.example.com/copyProtection"),
            EncryptionMethod: "AES_128",
            KeyRotationIntervalSeconds: keyRotationIntervalSeconds));

    [Fact]
    public async Task Channel_gets_two_ingest_endpoints_with_credentials()
    {
        var created = await Client.CreateChannelAsync(new CreateChannelRequest("workshop-a", "Workshop A", new Dictionary<string, string> { ["airwave.dev/name"] = "workshop-a" }), CancellationToken.None);

        var described = await Client.DescribeChannelAsync("workshop-a", CancellationToken.None);
        var listed = await Client.ListChannelsAsync(CancellationToken.None);

        Assert.Equal("workshop-a", created.Id);
        Assert.Matches("^arn:aws:mediapackage:us-east-1:123456789012:channels/[0-9a-f]{32}$", described.Arn);
        Assert.Equal(2, described.HlsIngest!.IngestEndpoints!.Count);
        Assert.All(described.HlsIngest.IngestEndpoints, e =>
        {
            Assert.Matches(@"^http://127\.0\.0\.1:\d+/in/v2/[0-9a-f]{32}/[0-9a-f]{32}/channel$", e.Url);
            Assert.NotEmpty(e.Username);
            Assert.NotEmpty(e.Password);
            Assert.DoesNotContain(e.Password, e.ToString(), StringComparison.Ordinal);
        });
        Assert.Equal("workshop-a", described.Tags!["airwave.dev/name"]);
        Assert.Equal("workshop-a", Assert.Single(listed).Id);
    }

    [Fact]
    public async Task A_channels_description_is_updated_and_kept_when_an_update_leaves_it_out()
    {
        await Client.CreateChannelAsync(new CreateChannelRequest("workshop-a", "Workshop A"), CancellationToken.None);

        var renamed = await Client.UpdateChannelAsync("workshop-a", new UpdateChannelRequest("Workshop A, day two"), CancellationToken.None);
        var kept = await Client.UpdateChannelAsync("workshop-a", new UpdateChannelRequest(null), CancellationToken.None);
        var missing = await Assert.ThrowsAsync<AwsNotFoundException>(() => Client.UpdateChannelAsync("no-such-channel", new UpdateChannelRequest("x"), CancellationToken.None));

        Assert.Equal("Workshop A, day two", renamed.Description);
        Assert.Equal("Workshop A, day two", kept.Description);
        Assert.Equal(2, kept.HlsIngest!.IngestEndpoints!.Count);
        Assert.Equal("Workshop A, day two", (await Client.DescribeChannelAsync("workshop-a", CancellationToken.None)).Description);
        Assert.Contains("no-such-channel", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Origin_endpoint_carries_startover_window_and_key_rotation_and_can_be_updated()
    {
        await Client.CreateChannelAsync(new CreateChannelRequest("workshop-a"), CancellationToken.None);

        var created = await Client.CreateOriginEndpointAsync(
            new CreateOriginEndpointRequest("workshop-a", "workshop-a-hls", EncryptedPackage(), StartoverWindowSeconds: 3600),
            CancellationToken.None);
        var updated = await Client.UpdateOriginEndpointAsync("workshop-a-hls", new UpdateOriginEndpointRequest(HlsPackage: EncryptedPackage(120), StartoverWindowSeconds: 7200), CancellationToken.None);
        var described = await Client.DescribeOriginEndpointAsync("workshop-a-hls", CancellationToken.None);
        var forChannel = await Client.ListOriginEndpointsAsync("workshop-a", CancellationToken.None);
        var forOther = await Client.ListOriginEndpointsAsync("other", CancellationToken.None);

        Assert.Equal(3600, created.StartoverWindowSeconds);
        Assert.Equal(60, created.HlsPackage!.Encryption!.KeyRotationIntervalSeconds);
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/out/v1/[0-9a-f]{32}/index\.m3u8$", created.Url);
        Assert.Equal(7200, updated.StartoverWindowSeconds);
        Assert.Equal(120, described.HlsPackage!.Encryption!.KeyRotationIntervalSeconds);
        Assert.Equal(created.Url, described.Url);
        Assert.Equal("workshop-a-hls", Assert.Single(forChannel).Id);
        Assert.Empty(forOther);
    }

    [Fact]
    public async Task Channel_with_endpoints_cannot_be_deleted_until_they_are_gone()
    {
        await Client.CreateChannelAsync(new CreateChannelRequest("workshop-a"), CancellationToken.None);
        await Client.CreateOriginEndpointAsync(new CreateOriginEndpointRequest("workshop-a", "workshop-a-hls", EncryptedPackage()), CancellationToken.None);

        var blocked = await Assert.ThrowsAsync<AwsUnprocessableEntityException>(() => Client.DeleteChannelAsync("workshop-a", CancellationToken.None));
        await Client.DeleteOriginEndpointAsync("workshop-a-hls", CancellationToken.None);
        await Client.DeleteChannelAsync("workshop-a", CancellationToken.None);

        Assert.Contains("workshop-a-hls", blocked.ServiceMessage, StringComparison.Ordinal);
        Assert.True(_aws.Emulator.Inventory.IsEmpty);
        await Assert.ThrowsAsync<AwsNotFoundException>(() => Client.DescribeChannelAsync("workshop-a", CancellationToken.None));
        await Assert.ThrowsAsync<AwsNotFoundException>(() => Client.DescribeOriginEndpointAsync("workshop-a-hls", CancellationToken.None));
    }

    [Fact]
    public async Task Duplicate_ids_and_invalid_settings_are_unprocessable()
    {
        await Client.CreateChannelAsync(new CreateChannelRequest("workshop-a"), CancellationToken.None);

        var duplicate = await Assert.ThrowsAsync<AwsUnprocessableEntityException>(() => Client.CreateChannelAsync(new CreateChannelRequest("workshop-a"), CancellationToken.None));
        var badId = await Assert.ThrowsAsync<AwsUnprocessableEntityException>(() => Client.CreateChannelAsync(new CreateChannelRequest("no spaces"), CancellationToken.None));
        var window = await Assert.ThrowsAsync<AwsUnprocessableEntityException>(() =>
            Client.CreateOriginEndpointAsync(new CreateOriginEndpointRequest("workshop-a", "e", EncryptedPackage(), StartoverWindowSeconds: 2_000_000), CancellationToken.None));
        var noChannel = await Assert.ThrowsAsync<AwsUnprocessableEntityException>(() =>
            Client.CreateOriginEndpointAsync(new CreateOriginEndpointRequest("missing", "e", EncryptedPackage()), CancellationToken.None));
        var sampleAesWithoutFairPlay = EncryptedPackage() with { Encryption = EncryptedPackage().Encryption! with { EncryptionMethod = "SAMPLE_AES" } };
        var notFairPlay = await Assert.ThrowsAsync<AwsUnprocessableEntityException>(() =>
            Client.CreateOriginEndpointAsync(new CreateOriginEndpointRequest("workshop-a", "e", sampleAesWithoutFairPlay), CancellationToken.None));
        var unknownMethod = EncryptedPackage() with { Encryption = EncryptedPackage().Encryption! with { EncryptionMethod = "CBCS" } };
        var notHls = await Assert.ThrowsAsync<AwsUnprocessableEntityException>(() =>
            Client.CreateOriginEndpointAsync(new CreateOriginEndpointRequest("workshop-a", "e", unknownMethod), CancellationToken.None));

        Assert.Equal("UnprocessableEntityException", duplicate.ErrorCode);
        Assert.Contains("already exists", duplicate.ServiceMessage, StringComparison.Ordinal);
        Assert.Contains("not valid", badId.ServiceMessage, StringComparison.Ordinal);
        Assert.Contains("startoverWindowSeconds", window.ServiceMessage, StringComparison.Ordinal);
        Assert.Contains("missing", noChannel.ServiceMessage, StringComparison.Ordinal);

        // Sample encryption is FairPlay's: it needs FairPlay's system id; TS segments know no other methods.
        Assert.Contains(Cpix.FairPlaySystemId, notFairPlay.ServiceMessage, StringComparison.Ordinal);
        Assert.Contains("AES_128, SAMPLE_AES", notHls.ServiceMessage, StringComparison.Ordinal);
        Assert.Empty(_aws.Emulator.Inventory.OriginEndpoints);
    }
}
