using Airwave.Aws.Errors;
using Airwave.Aws.Ivs;
using Airwave.Aws.Tests.Support;

namespace Airwave.Aws.Tests.Ivs;

/// <summary>
/// Every request Airwave's IVS client sends, for each operation the operator uses, checked by botocore against the
/// official IVS model: what a real account would refuse as invalid fails here.
/// </summary>
public sealed class IvsModelConformanceTests : IAsyncLifetime
{
    private static readonly string[] Operations =
    [
        "CreateChannel", "GetChannel", "ListChannels", "UpdateChannel", "DeleteChannel", "CreateStreamKey", "ListStreamKeys", "GetStreamKey",
        "GetStream", "StopStream", "ImportPlaybackKeyPair", "ListPlaybackKeyPairs", "DeletePlaybackKeyPair", "TagResource", "ListTagsForResource",
        "CreateRecordingConfiguration", "GetRecordingConfiguration", "ListRecordingConfigurations", "DeleteRecordingConfiguration",
    ];

    private EmulatorHarness _aws = null!;

    public async Task InitializeAsync() => _aws = await EmulatorHarness.StartAsync();

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    [Fact]
    public async Task Every_request_of_the_ivs_client_is_valid_for_the_ivs_model()
    {
        var calls = _aws.Emulator.Inventory.Calls;
        calls.KeepRequests = true;
        var ivs = _aws.Ivs;
        var tags = new Dictionary<string, string> { ["airwave.dev/stream"] = "team-a/town-hall" };

        _aws.Emulator.CreateBucket("town-hall-recordings");
        var recording = await ivs.CreateRecordingConfigurationAsync(
            new CreateRecordingConfigurationRequest(new DestinationConfiguration(new S3DestinationConfiguration("town-hall-recordings")), "airwave-team-a-town-hall", 300, new ThumbnailConfiguration("INTERVAL", 60), tags),
            CancellationToken.None);
        await ivs.GetRecordingConfigurationAsync(recording.Arn, CancellationToken.None);
        await ivs.ListRecordingConfigurationsAsync(CancellationToken.None);
        var created = await ivs.CreateChannelAsync(new CreateChannelRequest("town-hall", "LOW", "STANDARD", Authorized: true, RecordingConfigurationArn: recording.Arn, Tags: tags), CancellationToken.None);
        var arn = created.Channel.Arn;
        await ivs.GetChannelAsync(arn, CancellationToken.None);
        await ivs.ListChannelsAsync("town-hall", CancellationToken.None);
        await ivs.UpdateChannelAsync(new UpdateChannelRequest(arn, "NORMAL", "BASIC", Authorized: false, RecordingConfigurationArn: ""), CancellationToken.None);
        await ivs.DeleteRecordingConfigurationAsync(recording.Arn, CancellationToken.None);
        var keys = await ivs.ListStreamKeysAsync(arn, CancellationToken.None);
        await ivs.GetStreamKeyAsync(keys[0].Arn, CancellationToken.None);

        // A channel has one key at most: IVS refuses a second, and the request is checked all the same.
        await Assert.ThrowsAnyAsync<AwsServiceException>(() => ivs.CreateStreamKeyAsync(arn, tags, CancellationToken.None));
        await ivs.GetStreamAsync(arn, CancellationToken.None);
        await ivs.StopStreamAsync(arn, CancellationToken.None);
        using var signer = new IvsPlaybackTokenSigner(IvsPlaybackTokenSigner.NewPrivateKeyPem());
        var pair = await ivs.ImportPlaybackKeyPairAsync(signer.PublicKeyPem, "airwave-team-a", tags, CancellationToken.None);
        await ivs.ListPlaybackKeyPairsAsync(CancellationToken.None);
        await ivs.DeletePlaybackKeyPairAsync(pair.Arn, CancellationToken.None);
        await ivs.TagResourceAsync(arn, new Dictionary<string, string> { ["team"] = "a" }, CancellationToken.None);
        await ivs.ListTagsForResourceAsync(arn, CancellationToken.None);
        await ivs.DeleteChannelAsync(arn, CancellationToken.None);

        var requests = calls.Calls.Where(c => c.Request is not null).ToList();
        Assert.Empty(Operations.Select(o => $"Ivs.{o}").Except(requests.Select(c => c.Operation)));
        var problems = await BotocoreCheck.ProblemsAsync(requests, Path.GetTempPath());
        Assert.True(problems.Length == 0, problems);
    }
}
