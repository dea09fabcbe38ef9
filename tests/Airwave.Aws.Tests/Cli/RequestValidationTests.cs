using System.Text.Json;
using System.Text.Json.Nodes;
using Airwave.Aws.Tests.Support;
using Airwave.Sandbox.Aws;

namespace Airwave.Aws.Tests.Cli;

/// <summary>
/// Requests the AWS CLI sends as they are (its own checks pass them) and the services refuse: the emulator refuses them
/// too, with the error the service's model names, and keeps nothing of them.
/// </summary>
public sealed class RequestValidationTests : IAsyncLifetime, IDisposable
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

    public static TheoryData<string, string, string> InvalidChannels => new()
    {
        {
            "an audio description naming a selector no input attachment declares",
            """{"EncoderSettings":{"AudioDescriptions":[{"AudioSelectorName":"commentary"}]}}""",
            "encoderSettings.audioDescriptions[0].audioSelectorName"
        },
        {
            "an H.264 profile out of the model's enum",
            """{"EncoderSettings":{"VideoDescriptions":[{"CodecSettings":{"H264Settings":{"Profile":"ULTRA"}}}]}}""",
            "encoderSettings.videoDescriptions[0].codecSettings.h264Settings.profile 'ULTRA' is not a valid value"
        },
        {
            "constant bitrate H.264 without a bitrate",
            """{"EncoderSettings":{"VideoDescriptions":[{"CodecSettings":{"H264Settings":{"Bitrate":null}}}]}}""",
            "encoderSettings.videoDescriptions[0].codecSettings.h264Settings.bitrate"
        },
        {
            "an AAC coding mode out of the model's enum",
            """{"EncoderSettings":{"AudioDescriptions":[{"CodecSettings":{"AacSettings":{"CodingMode":"CODING_MODE_9_1"}}}]}}""",
            "encoderSettings.audioDescriptions[0].codecSettings.aacSettings.codingMode"
        },
    };

    [Theory]
    [MemberData(nameof(InvalidChannels))]
    public async Task MediaLive_refuses_a_channel_with(string what, string change, string elementPath)
    {
        var group = (await _cli.RunAsync("medialive", "create-input-security-group", "--whitelist-rules", "Cidr=0.0.0.0/0")).Json["SecurityGroup"]!;
        var input = (await _cli.RunAsync("medialive", "create-input", "--name", "workshop-a", "--type", "RTMP_PUSH",
            "--destinations", "StreamName=live/a", "--input-security-groups", (string)group["Id"]!)).Json["Input"]!;
        var request = JsonSerializer.SerializeToNode(LiveStreamResources.Channel((string)input["Id"]!), CliInputJson.Options)!.AsObject();
        Merge(request, JsonNode.Parse(change)!.AsObject());

        var refused = await _cli.RunAsync("medialive", "create-channel", "--cli-input-json", _cli.WriteFile("channel.json", request.ToJsonString()));
        var channels = (await _cli.RunAsync("medialive", "list-channels")).Json["Channels"]!.AsArray();

        Assert.True(refused.ExitCode != 0, $"the emulator accepted {what}");
        Assert.Contains("(UnprocessableEntityException)", refused.Error, StringComparison.Ordinal);
        Assert.Contains(elementPath, refused.Error, StringComparison.Ordinal);
        Assert.Empty(channels);
    }

    [Theory]
    [InlineData("medialive", "create-input-security-group", "bad#key=x", "BadRequestException")]
    [InlineData("medialive", "create-input-security-group", "aws:owner=x", "BadRequestException")]
    [InlineData("mediapackage", "create-channel", "team=a|b", "UnprocessableEntityException")]
    [InlineData("ivs", "create-channel", "bad#key=x", "ValidationException")]
    public async Task Tags_aws_refuses_are_refused_with_the_services_error_and_nothing_is_made(string service, string command, string tag, string error)
    {
        string[] made = service == "mediapackage" ? ["--id", "tagged"] : [];

        var refused = await _cli.RunAsync([service, command, .. made, "--tags", tag]);
        var accepted = await _cli.RunAsync([service, command, .. made, "--tags", "airwave.dev/namespace=team a:b/c@d+e-f_g.h=i"]);

        Assert.True(refused.ExitCode != 0, $"the emulator accepted the tag {tag}");
        Assert.Contains($"({error})", refused.Error, StringComparison.Ordinal);
        // IVS's errors carry their text as exceptionMessage, which the AWS CLI does not print.
        Assert.True(service == "ivs" || refused.Error.Contains(tag.Split("=")[0], StringComparison.Ordinal), refused.Error);
        Assert.True(accepted.ExitCode == 0, accepted.ToString());
    }

    [Fact]
    public async Task MediaPackage_refuses_an_endpoint_with_a_playlist_type_out_of_the_models_enum()
    {
        await _cli.RunAsync("mediapackage", "create-channel", "--id", "workshop-a");

        var refused = await _cli.RunAsync("mediapackage", "create-origin-endpoint", "--channel-id", "workshop-a", "--id", "workshop-a-hls",
            "--hls-package", """{"PlaylistType":"SOMETIMES","SegmentDurationSeconds":6}""");
        var endpoints = (await _cli.RunAsync("mediapackage", "list-origin-endpoints", "--channel-id", "workshop-a")).Json["OriginEndpoints"]!.AsArray();

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("(UnprocessableEntityException)", refused.Error, StringComparison.Ordinal);
        Assert.Contains("hlsPackage.playlistType 'SOMETIMES' is not a valid value", refused.Error, StringComparison.Ordinal);
        Assert.Empty(endpoints);
    }

    [Fact]
    public async Task CloudFront_refuses_a_viewer_protocol_policy_out_of_the_models_enum_and_keeps_the_distribution_as_it_was()
    {
        var id = _aws.Emulator.Options.LiveDistributionId;
        var current = (await _cli.RunAsync("cloudfront", "get-distribution-config", "--id", id)).Json;
        var config = current["DistributionConfig"]!.AsObject();
        config["DefaultCacheBehavior"]!["ViewerProtocolPolicy"] = "sometimes-https";

        var refused = await _cli.RunAsync("cloudfront", "update-distribution", "--id", id, "--if-match", (string)current["ETag"]!, "--distribution-config", _cli.WriteFile("distribution.json", config.ToJsonString()));
        var after = (await _cli.RunAsync("cloudfront", "get-distribution-config", "--id", id)).Json;

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("(InvalidArgument)", refused.Error, StringComparison.Ordinal);
        Assert.Contains("Value 'sometimes-https' at 'distributionConfig.defaultCacheBehavior.viewerProtocolPolicy' failed to satisfy constraint: Member must satisfy enum value set", refused.Error, StringComparison.Ordinal);
        Assert.Equal((string)current["ETag"]!, (string)after["ETag"]!);
    }

    /// <summary>
    /// Writes <paramref name="change"/> into <paramref name="target"/>: a list in the change edits the target list's
    /// items in order, and a null removes the member.
    /// </summary>
    private static void Merge(JsonObject target, JsonObject change)
    {
        foreach (var (key, value) in change.ToList())
        {
            switch (value, target[key])
            {
                case (JsonObject inner, JsonObject existing):
                    Merge(existing, inner);
                    break;
                case (JsonArray items, JsonArray existing):
                    for (var i = 0; i < items.Count; i++)
                    {
                        Merge(existing[i]!.AsObject(), items[i]!.AsObject());
                    }

                    break;
                case (null, _):
                    target.Remove(key);
                    break;
                default:
                    target[key] = value.DeepClone();
                    break;
            }
        }
    }
}
