using System.Text.Json;
using System.Text.Json.Nodes;
using Airwave.Aws.CloudFront;
using Airwave.Aws.MediaLive;
using Airwave.Aws.Tests.Support;
using Airwave.Sandbox.Aws;

namespace Airwave.Aws.Tests.Cli;

/// <summary>
/// The real AWS CLI v2 against the emulator: it builds requests from the botocore models and parses every
/// response with them, so passing calls prove the emulator's (and the shared records') wire shapes are real.
/// CLI output uses the models' member names (PascalCase).
/// </summary>
public sealed class AwsCliWireTests : IAsyncLifetime, IDisposable
{
    private EmulatorHarness _aws = null!;
    private AwsCli _cli = null!;

    public async Task InitializeAsync()
    {
        _aws = await EmulatorHarness.StartAsync();
        _cli = new AwsCli(_aws.Emulator.BaseAddress, AwsEmulatorOptions.TestCredentials.AccessKeyId, AwsEmulatorOptions.TestCredentials.SecretAccessKey);
    }

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task MediaLive_channel_is_created_described_started_stopped_and_deleted_with_the_cli()
    {
        var group = (await _cli.RunAsync("medialive", "create-input-security-group", "--whitelist-rules", "Cidr=0.0.0.0/0")).Json["SecurityGroup"]!;
        var input = (await _cli.RunAsync("medialive", "create-input", "--name", "workshop-a", "--type", "RTMP_PUSH",
            "--destinations", "StreamName=live/a", "StreamName=live/b", "--input-security-groups", Text(group["Id"]))).Json["Input"]!;
        var inputs = (await _cli.RunAsync("medialive", "list-inputs")).Json["Inputs"]!.AsArray();
        var request = LiveStreamResources.Channel(Text(input["Id"]), ChannelClass.Standard, requestId: "cli-channel-1");
        var createJson = _cli.WriteFile("channel.json", JsonSerializer.Serialize(request, CliInputJson.Options));
        var created = (await _cli.RunAsync("medialive", "create-channel", "--cli-input-json", createJson)).Json["Channel"]!;
        var id = Text(created["Id"]);
        var described = (await _cli.RunAsync("medialive", "describe-channel", "--channel-id", id)).Json;
        var started = (await _cli.RunAsync("medialive", "start-channel", "--channel-id", id)).Json;
        var running = (await _cli.RunAsync("medialive", "describe-channel", "--channel-id", id)).Json;
        var stopped = (await _cli.RunAsync("medialive", "stop-channel", "--channel-id", id)).Json;
        var deleted = (await _cli.RunAsync("medialive", "delete-channel", "--channel-id", id)).Json;
        var gone = (await _cli.RunAsync("medialive", "describe-channel", "--channel-id", id)).Json;
        var tags = (await _cli.RunAsync("medialive", "list-tags-for-resource", "--resource-arn", Text(input["Arn"]))).Json;

        Assert.Equal("STANDARD", Text(input["InputClass"]));
        Assert.Matches(@"^rtmp://127\.0\.0\.1:\d+/live/a$", Text(input["Destinations"]![0]!["Url"]));
        Assert.Equal(Text(input["Id"]), Text(Assert.Single(inputs)!["Id"]));
        Assert.Equal("CREATING", Text(created["State"]));
        Assert.Equal("IDLE", Text(described["State"]));
        Assert.Equal("STANDARD", Text(described["ChannelClass"]));
        Assert.Equal(300, described["EncoderSettings"]!["OutputGroups"]![1]!["OutputGroupSettings"]!["ArchiveGroupSettings"]!["RolloverInterval"]!.GetValue<int>());
        Assert.Equal("mediapackage", Text(described["EncoderSettings"]!["OutputGroups"]![0]!["OutputGroupSettings"]!["HlsGroupSettings"]!["Destination"]!["DestinationRefId"]));
        Assert.Equal(2, described["Destinations"]![0]!["Settings"]!.AsArray().Count);
        Assert.Equal("STARTING", Text(started["State"]));
        Assert.Equal("RUNNING", Text(running["State"]));
        Assert.Equal(2, running["PipelinesRunningCount"]!.GetValue<int>());

        // Members MediaLive always fills in: each pipeline's egress address and, while running, its active input.
        Assert.Empty(input["Sources"]!.AsArray());
        Assert.Equal(2, described["EgressEndpoints"]!.AsArray().Count);
        Assert.All(running["PipelineDetails"]!.AsArray(), p => Assert.Equal("workshop-a", Text(p!["ActiveInputAttachmentName"])));
        Assert.Equal(["0", "1"], running["PipelineDetails"]!.AsArray().Select(p => Text(p!["PipelineId"])));
        Assert.Equal("STOPPING", Text(stopped["State"]));
        Assert.Equal("DELETING", Text(deleted["State"]));
        Assert.Equal("DELETED", Text(gone["State"]));
        Assert.NotNull(tags["Tags"]);
    }

    [Fact]
    public async Task An_input_takes_new_stream_names_from_the_cli_only_while_its_channel_is_idle()
    {
        var group = (await _cli.RunAsync("medialive", "create-input-security-group", "--whitelist-rules", "Cidr=0.0.0.0/0")).Json["SecurityGroup"]!;
        var input = (await _cli.RunAsync("medialive", "create-input", "--name", "workshop-a", "--type", "RTMP_PUSH",
            "--destinations", "StreamName=live/old", "--input-security-groups", Text(group["Id"]))).Json["Input"]!;
        var inputId = Text(input["Id"]);
        var createJson = _cli.WriteFile("channel.json", JsonSerializer.Serialize(LiveStreamResources.Channel(inputId, requestId: "cli-channel-2"), CliInputJson.Options));
        var channelId = Text((await _cli.RunAsync("medialive", "create-channel", "--cli-input-json", createJson)).Json["Channel"]!["Id"]);
        await _cli.RunAsync("medialive", "describe-channel", "--channel-id", channelId);
        await _cli.RunAsync("medialive", "start-channel", "--channel-id", channelId);
        var running = (await _cli.RunAsync("medialive", "describe-channel", "--channel-id", channelId)).Json;

        var refused = await _cli.RunAsync("medialive", "update-input", "--input-id", inputId, "--destinations", "StreamName=live/new");
        await _cli.RunAsync("medialive", "stop-channel", "--channel-id", channelId);
        var idle = (await _cli.RunAsync("medialive", "describe-channel", "--channel-id", channelId)).Json;
        var updated = (await _cli.RunAsync("medialive", "update-input", "--input-id", inputId, "--destinations", "StreamName=live/new")).Json["Input"]!;
        var twoForOne = await _cli.RunAsync("medialive", "update-input", "--input-id", inputId, "--destinations", "StreamName=live/a", "StreamName=live/b");

        Assert.Equal(("RUNNING", "IDLE"), (Text(running["State"]), Text(idle["State"])));
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("(ConflictException)", refused.Error, StringComparison.Ordinal);
        var before = Text(input["Destinations"]![0]!["Url"]);
        Assert.Equal(before[..before.LastIndexOf("/live/", StringComparison.Ordinal)] + "/live/new", Text(updated["Destinations"]![0]!["Url"]));
        Assert.Equal(Text(input["Destinations"]![0]!["Port"]), Text(updated["Destinations"]![0]!["Port"]));
        Assert.NotEqual(0, twoForOne.ExitCode);
        Assert.Contains("(BadRequestException)", twoForOne.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MediaLive_errors_reach_the_cli_with_their_codes()
    {
        var missing = await _cli.RunAsync("medialive", "describe-channel", "--channel-id", "1234567");
        var conflict = await _cli.RunAsync("medialive", "start-channel", "--channel-id", "1234567");

        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("(NotFoundException)", missing.Error, StringComparison.Ordinal);
        Assert.Contains("Channel 1234567 not found.", missing.Error, StringComparison.Ordinal);
        Assert.Contains("(NotFoundException)", conflict.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MediaPackage_channel_and_encrypted_endpoint_are_created_with_the_cli()
    {
        var channel = (await _cli.RunAsync("mediapackage", "create-channel", "--id", "workshop-a", "--description", "Workshop A")).Json;
        var package = new JsonObject
        {
            ["SegmentDurationSeconds"] = 6,
            ["PlaylistWindowSeconds"] = 60,
            ["Encryption"] = new JsonObject
            {
                ["EncryptionMethod"] = "AES_128",
                ["KeyRotationIntervalSeconds"] = 60,
                ["SpekeKeyProvider"] = new JsonObject
                {
                    ["ResourceId"] = "workshop-a",
                    ["RoleArn"] = "arn:aws:iam::123456789012:role/SpekeAccess",
                    ["SystemIds"] = new JsonArray("81376844-f976-481e-a84e-cc25d39b0b33"),
                    ["Url"] = "https://speke.example.com/copyProtection",
                },
            },
        };
        var endpoint = (await _cli.RunAsync("mediapackage", "create-origin-endpoint", "--channel-id", "workshop-a", "--id", "workshop-a-hls",
            "--startover-window-seconds", "3600", "--hls-package", package.ToJsonString())).Json;
        var listed = (await _cli.RunAsync("mediapackage", "list-origin-endpoints", "--channel-id", "workshop-a")).Json;
        var duplicate = await _cli.RunAsync("mediapackage", "create-channel", "--id", "workshop-a");

        Assert.Equal("workshop-a", Text(channel["Id"]));
        Assert.Equal(2, channel["HlsIngest"]!["IngestEndpoints"]!.AsArray().Count);
        Assert.StartsWith(_aws.Emulator.BaseAddress + "in/v2/", Text(channel["HlsIngest"]!["IngestEndpoints"]![0]!["Url"]), StringComparison.Ordinal);
        Assert.Equal(3600, endpoint["StartoverWindowSeconds"]!.GetValue<int>());
        Assert.Equal(60, endpoint["HlsPackage"]!["Encryption"]!["KeyRotationIntervalSeconds"]!.GetValue<int>());
        Assert.EndsWith("/index.m3u8", Text(endpoint["Url"]), StringComparison.Ordinal);
        Assert.Equal("workshop-a-hls", Text(listed["OriginEndpoints"]![0]!["Id"]));
        Assert.Contains("(UnprocessableEntityException)", duplicate.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CloudFront_distribution_config_is_read_and_updated_with_its_etag_through_the_cli()
    {
        var id = _aws.Emulator.Options.LiveDistributionId;
        var current = (await _cli.RunAsync("cloudfront", "get-distribution-config", "--id", id)).Json;
        var config = current["DistributionConfig"]!.AsObject();
        var originalOrigins = config["Origins"]!["Quantity"]!.GetValue<int>();
        var origins = config["Origins"]!.AsObject();
        var origin = origins["Items"]![0]!.DeepClone().AsObject();
        origin["Id"] = "airwave-default-workshop-a";
        origin["DomainName"] = "abc.mediapackage.us-east-1.amazonaws.com";
        origins["Items"]!.AsArray().Add(origin);
        origins["Quantity"] = 2;
        var file = _cli.WriteFile("distribution.json", config.ToJsonString());
        var updated = (await _cli.RunAsync("cloudfront", "update-distribution", "--id", id, "--if-match", Text(current["ETag"]), "--distribution-config", file)).Json;
        var stale = await _cli.RunAsync("cloudfront", "update-distribution", "--id", id, "--if-match", Text(current["ETag"]), "--distribution-config", file);
        var reread = await _aws.CloudFront.GetDistributionConfigAsync(id, CancellationToken.None);

        Assert.Equal(1, originalOrigins);
        Assert.Matches("^E[A-Z0-9]{13}$", Text(current["ETag"]));
        Assert.NotEqual(Text(current["ETag"]), Text(updated["ETag"]));
        Assert.Equal(id, Text(updated["Distribution"]!["Id"]));
        Assert.Equal(2, updated["Distribution"]!["DistributionConfig"]!["Origins"]!["Quantity"]!.GetValue<int>());
        Assert.Equal("airwave-default-workshop-a", Text(updated["Distribution"]!["DistributionConfig"]!["Origins"]!["Items"]![1]!["Id"]));
        Assert.Contains("(PreconditionFailed)", stale.Error, StringComparison.Ordinal);
        Assert.Equal(Text(updated["ETag"]), reread.ETag);
        Assert.Equal(["default", "airwave-default-workshop-a"], reread.Config.Origins.Select(o => o.Id));
    }

    [Fact]
    public async Task CloudFront_distributions_are_listed_page_by_page_with_the_cli()
    {
        var live = _aws.Emulator.Options.LiveDistributionId;
        var videos = _aws.Emulator.Options.VideoDistributionId;
        var config = (await _aws.CloudFront.GetDistributionConfigAsync(live, CancellationToken.None)).Config;
        var second = await _aws.CloudFront.CreateDistributionAsync(DistributionConfig.Parse(config.ToXml().Replace("airwave-sandbox-live", "second", StringComparison.Ordinal)), CancellationToken.None);
        var third = await _aws.CloudFront.CreateDistributionAsync(DistributionConfig.Parse(config.ToXml().Replace("airwave-sandbox-live", "third", StringComparison.Ordinal)), CancellationToken.None);

        var all = (await _cli.RunAsync("cloudfront", "list-distributions")).Json["DistributionList"]!;
        var paged = (await _cli.RunAsync("cloudfront", "list-distributions", "--page-size", "1")).Json["DistributionList"]!;
        var first = (await _cli.RunAsync("cloudfront", "list-distributions", "--max-items", "1")).Json;

        Assert.Equal([live, videos, second.Id, third.Id], all["Items"]!.AsArray().Select(d => Text(d!["Id"])));
        Assert.Equal([live, videos, second.Id, third.Id], paged["Items"]!.AsArray().Select(d => Text(d!["Id"])));
        var summary = all["Items"]![0]!;
        Assert.Equal("Deployed", Text(summary["Status"]));
        Assert.EndsWith(".cloudfront.net", Text(summary["DomainName"]), StringComparison.Ordinal);
        Assert.Equal("default", Text(summary["Origins"]!["Items"]![0]!["Id"]));
        Assert.Equal("PriceClass_All", Text(summary["PriceClass"]));
        Assert.Single(first["DistributionList"]!["Items"]!.AsArray());
        Assert.NotNull(first["NextToken"]);
    }

    [Theory]
    [InlineData("cloudfront", "list-invalidations", "--distribution-id", "E2QWRUHAPOMQZL", "CloudFront ListInvalidations")]
    [InlineData("medialive", "list-offerings", "--max-results", "5", "MediaLive ListOfferings")]
    [InlineData("mediapackage", "list-harvest-jobs", "--max-results", "5", "MediaPackage ListHarvestJobs")]
    public async Task An_operation_the_emulator_does_not_implement_fails_at_once_naming_it(string service, string command, string option, string value, string named)
    {
        var result = await _cli.RunAsync(service, command, option, value);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("(NotImplemented)", result.Error, StringComparison.Ordinal);
        Assert.Contains($"does not support {named};", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_inputs_are_created_with_their_sources_and_refused_without_one_or_with_a_url_their_type_cannot_pull()
    {
        var hls = (await _cli.RunAsync("medialive", "create-input", "--name", "lobby", "--type", "URL_PULL", "--sources", "Url=https://cdn.example.com/lobby/index.m3u8", "Url=https://cdn2.example.com/lobby/index.m3u8")).Json["Input"]!;
        var rtmp = (await _cli.RunAsync("medialive", "create-input", "--name", "camera", "--type", "RTMP_PULL", "--sources", "Url=rtmp://camera.example.com/live/main")).Json["Input"]!;
        var described = (await _cli.RunAsync("medialive", "describe-input", "--input-id", Text(hls["Id"]))).Json;
        var none = await _cli.RunAsync("medialive", "create-input", "--name", "nothing", "--type", "URL_PULL");
        var wrongScheme = await _cli.RunAsync("medialive", "create-input", "--name", "camera", "--type", "RTMP_PULL", "--sources", "Url=https://camera.example.com/live");

        Assert.Equal(("URL_PULL", "STANDARD"), (Text(hls["Type"]), Text(hls["InputClass"])));
        Assert.Equal(["https://cdn.example.com/lobby/index.m3u8", "https://cdn2.example.com/lobby/index.m3u8"], described["Sources"]!.AsArray().Select(s => Text(s!["Url"])));
        Assert.Empty(described["Destinations"]!.AsArray());
        Assert.Equal(("RTMP_PULL", "SINGLE_PIPELINE", "rtmp://camera.example.com/live/main"), (Text(rtmp["Type"]), Text(rtmp["InputClass"]), Text(rtmp["Sources"]![0]!["Url"])));
        Assert.NotEqual(0, none.ExitCode);
        Assert.Contains("URL_PULL inputs need one source (SINGLE_PIPELINE) or two (STANDARD).", none.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, wrongScheme.ExitCode);
        Assert.Contains("Each RTMP_PULL source needs a url starting with rtmp:// or rtmps://", wrongScheme.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ivs_channel_is_created_read_listed_and_deleted_with_its_stream_key_with_the_cli()
    {
        var created = (await _cli.RunAsync("ivs", "create-channel", "--name", "town-hall", "--latency-mode", "NORMAL", "--type", "BASIC", "--tags", "team=a")).Json;
        var arn = Text(created["channel"]!["arn"]);
        var read = (await _cli.RunAsync("ivs", "get-channel", "--arn", arn)).Json["channel"]!;
        var listed = (await _cli.RunAsync("ivs", "list-channels", "--filter-by-name", "town-hall")).Json["channels"]!.AsArray();
        var keys = (await _cli.RunAsync("ivs", "list-stream-keys", "--channel-arn", arn)).Json["streamKeys"]!.AsArray();
        var key = (await _cli.RunAsync("ivs", "get-stream-key", "--arn", Text(keys[0]!["arn"]))).Json["streamKey"]!;
        var secondKey = await _cli.RunAsync("ivs", "create-stream-key", "--channel-arn", arn);
        var offline = await _cli.RunAsync("ivs", "get-stream", "--channel-arn", arn);
        var tags = (await _cli.RunAsync("ivs", "list-tags-for-resource", "--resource-arn", arn)).Json["tags"]!;
        var deleted = await _cli.RunAsync("ivs", "delete-channel", "--arn", arn);
        var gone = await _cli.RunAsync("ivs", "get-channel", "--arn", arn);
        var invalid = await _cli.RunAsync("ivs", "get-channel", "--arn", "town-hall");

        Assert.Equal(("town-hall", "NORMAL", "BASIC"), (Text(read["name"]), Text(read["latencyMode"]), Text(read["type"])));
        Assert.Equal(Text(created["streamKey"]!["value"]), Text(key["value"]));
        Assert.Equal(arn, Text(key["channelArn"]));
        Assert.Equal(arn, Text(Assert.Single(listed)!["arn"]));
        Assert.Null(keys[0]!["value"]);
        Assert.Equal("a", Text(tags["team"]));
        Assert.NotEqual(0, secondKey.ExitCode);
        Assert.Contains("ServiceQuotaExceededException", secondKey.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, offline.ExitCode);
        Assert.Contains("(ChannelNotBroadcasting) when calling the GetStream operation", offline.Error, StringComparison.Ordinal);
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Contains("(ResourceNotFoundException) when calling the GetChannel operation", gone.Error, StringComparison.Ordinal);
        Assert.Contains("(ValidationException) when calling the GetChannel operation", invalid.Error, StringComparison.Ordinal);
        Assert.Empty(_aws.Emulator.Inventory.IvsChannels);
    }

    private static string Text(JsonNode? node) => node?.GetValue<string>() ?? throw new InvalidOperationException("Missing value in CLI output.");
}
