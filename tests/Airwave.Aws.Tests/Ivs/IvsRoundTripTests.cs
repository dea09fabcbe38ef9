using Airwave.Aws.Errors;
using Airwave.Aws.Ivs;
using Airwave.Aws.Tests.Support;

namespace Airwave.Aws.Tests.Ivs;

/// <summary>Airwave's IVS client against the emulator: a channel with its stream key, from creation to deletion.</summary>
public sealed class IvsRoundTripTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Owner = new() { ["airwave.dev/stream"] = "team-a/town-hall" };
    private EmulatorHarness _aws = null!;

    private IIvsClient Client => _aws.Ivs;

    public async Task InitializeAsync() => _aws = await EmulatorHarness.StartAsync();

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    [Fact]
    public async Task A_channel_is_made_with_its_stream_key_read_listed_tagged_and_deleted_with_its_key()
    {
        var created = await Client.CreateChannelAsync(new CreateChannelRequest("town-hall", LatencyMode: "NORMAL", Authorized: true, Tags: Owner), CancellationToken.None);
        var arn = created.Channel.Arn;
        var read = await Client.GetChannelAsync(arn, CancellationToken.None);
        var listed = await Client.ListChannelsAsync("town-hall", CancellationToken.None);
        var others = await Client.ListChannelsAsync("other", CancellationToken.None);
        var keys = await Client.ListStreamKeysAsync(arn, CancellationToken.None);
        var key = await Client.GetStreamKeyAsync(Assert.Single(keys).Arn, CancellationToken.None);
        var broadcast = await Client.GetStreamAsync(arn, CancellationToken.None);
        var stoppedOffline = await Client.StopStreamAsync(arn, CancellationToken.None);
        await Client.TagResourceAsync(arn, new Dictionary<string, string> { ["team"] = "a" }, CancellationToken.None);
        var tags = await Client.ListTagsForResourceAsync(arn, CancellationToken.None);
        await Client.DeleteChannelAsync(arn, CancellationToken.None);
        var gone = await Assert.ThrowsAsync<AwsNotFoundException>(() => Client.GetChannelAsync(arn, CancellationToken.None));
        var keyGone = await Assert.ThrowsAsync<AwsNotFoundException>(() => Client.GetStreamKeyAsync(key.Arn, CancellationToken.None));

        Assert.Matches("^arn:aws:ivs:us-east-1:123456789012:channel/[a-zA-Z0-9]{12}$", arn);
        Assert.Equal(created.Channel with { Tags = null }, read with { Tags = null });
        Assert.Equal(("town-hall", "NORMAL", "STANDARD", true, false), (read.Name, read.LatencyMode, read.Type, read.Authorized, read.InsecureIngest));
        Assert.Matches(@"^127\.0\.0\.1:\d+$", read.IngestEndpoint);
        Assert.Equal($"{_aws.Emulator.BaseAddress}api/video/v1/us-east-1.123456789012.channel.{arn[^12..]}.m3u8", read.PlaybackUrl);
        Assert.Equal("team-a/town-hall", read.Tags!["airwave.dev/stream"]);
        var summary = Assert.Single(listed);
        Assert.Equal((arn, "town-hall", (string?)null, (string?)null), (summary.Arn, summary.Name, summary.IngestEndpoint, summary.PlaybackUrl));
        Assert.Empty(others);
        Assert.Null(Assert.Single(keys).Value);
        Assert.Equal(created.StreamKey with { Tags = null }, key with { Tags = null });
        Assert.Equal("team-a/town-hall", key.Tags!["airwave.dev/stream"]);
        Assert.Matches("^sk_us-east-1_[a-zA-Z0-9]{36}$", key.Value);
        Assert.Equal(arn, key.ChannelArn);
        Assert.Null(broadcast);
        Assert.False(stoppedOffline);
        Assert.Equal(new Dictionary<string, string> { ["airwave.dev/stream"] = "team-a/town-hall", ["team"] = "a" }, tags);
        Assert.Equal("ResourceNotFoundException", gone.ErrorCode);
        Assert.Contains(arn, gone.ServiceMessage, StringComparison.Ordinal);
        Assert.Equal("ResourceNotFoundException", keyGone.ErrorCode);
        Assert.Empty(_aws.Emulator.Inventory.IvsChannels);
    }

    [Fact]
    public async Task What_the_model_refuses_is_a_validation_exception_naming_the_member()
    {
        var error = await Assert.ThrowsAsync<AwsBadRequestException>(() => Client.CreateChannelAsync(new CreateChannelRequest("town-hall", LatencyMode: "FAST"), CancellationToken.None));
        var badArn = await Assert.ThrowsAsync<AwsBadRequestException>(() => Client.GetChannelAsync("town-hall", CancellationToken.None));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Contains("latencyMode", error.ServiceMessage, StringComparison.Ordinal);
        Assert.Equal("ValidationException", badArn.ErrorCode);
        Assert.Contains("arn", badArn.ServiceMessage, StringComparison.Ordinal);
        Assert.Empty(_aws.Emulator.Inventory.IvsChannels);
    }
}
