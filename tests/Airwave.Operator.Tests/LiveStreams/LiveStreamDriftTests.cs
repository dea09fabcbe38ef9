using System.Text.Json.Nodes;
using Airwave.Aws.CloudFront;
using Airwave.Aws.Credentials;
using Airwave.Aws.Http;
using Airwave.Aws.MediaLive;
using static Airwave.Operator.Tests.StatusOf;

namespace Airwave.Operator.Tests.LiveStreams;

/// <summary>An operator whose full checks come every couple of seconds, so that a test sees the next one.</summary>
public sealed class FrequentFullCheckSandbox : OperatorSandbox
{
    public static readonly TimeSpan FullCheckInterval = TimeSpan.FromSeconds(2);

    protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings =>
        [new("Operator:FullCheckInterval", "2s")];
}

/// <summary>
/// A channel changed outside Airwave (as in the MediaLive console) is found on the next full check from the described
/// channel's own fields, set back to the spec's settings and said with a DriftReverted Event naming the fields; a
/// channel nobody touched is left alone; an endpoint deleted outside Airwave is made again.
/// </summary>
public sealed class LiveStreamDriftTests(FrequentFullCheckSandbox sandbox) : IClassFixture<FrequentFullCheckSandbox>
{
    [Fact]
    public async Task An_encoder_setting_changed_outside_airwave_is_set_back_and_said_and_an_untouched_channel_is_left_alone()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await ApplyStoppedAsync(ns, "edited");
        await ApplyStoppedAsync(ns, "untouched");
        var edited = await sandbox.WaitForAsync(ns, "livestream", "edited", s => Phase(s) == "Idle", "edited Idle");
        await sandbox.WaitForAsync(ns, "livestream", "untouched", s => Phase(s) == "Idle", "untouched Idle");
        var channelId = (string)edited!["status"]!["aws"]!["channelId"]!;
        using var http = new HttpClient();
        var mediaLive = new MediaLiveClient(http, AwsClientOptions.ForEmulator(sandbox.Host.Aws!.BaseAddress), new StaticCredentialsProvider(sandbox.Host.Aws.Options.Credentials));
        var applied = await mediaLive.DescribeChannelAsync(channelId, CancellationToken.None);
        var video = applied.EncoderSettings!.VideoDescriptions[0];
        var bitrate = video.CodecSettings!.H264Settings!.Bitrate!.Value;

        // Someone halves the first rendition's bitrate in the console.
        var halved = video with { CodecSettings = video.CodecSettings with { H264Settings = video.CodecSettings.H264Settings with { Bitrate = bitrate / 2 } } };
        await mediaLive.UpdateChannelAsync(
            channelId,
            new UpdateChannelRequest(EncoderSettings: applied.EncoderSettings with { VideoDescriptions = [halved, .. applied.EncoderSettings.VideoDescriptions.Skip(1)] }),
            CancellationToken.None);

        var reverted = await Eventually.MatchAsync(
            () => EventsAsync(ns, "DriftReverted"),
            events => events.Count > 0,
            OperatorSandbox.Timeout,
            "a DriftReverted Event");
        var restored = await Eventually.MatchAsync(
            () => mediaLive.DescribeChannelAsync(channelId, CancellationToken.None),
            c => c.State == ChannelState.Idle && c.EncoderSettings!.VideoDescriptions[0].CodecSettings!.H264Settings!.Bitrate == bitrate,
            OperatorSandbox.Timeout,
            "the bitrate set back");

        // The untouched stream has been fully checked since (its checks come as often), and found nothing to do.
        await Task.Delay(2 * FrequentFullCheckSandbox.FullCheckInterval);
        var afterwards = await EventsAsync(ns, "DriftReverted");
        var warning = Assert.Single(reverted);
        Assert.Equal(("Warning", "edited"), ((string?)warning["type"], (string?)warning["involvedObject"]?["name"]));
        Assert.Contains("encoderSettings.videoDescriptions[0].codecSettings.h264Settings.bitrate", (string?)warning["message"], StringComparison.Ordinal);
        Assert.Equal(applied.EncoderSettings.VideoDescriptions.Count, restored.EncoderSettings!.VideoDescriptions.Count);
        Assert.DoesNotContain(afterwards, e => (string?)e["involvedObject"]?["name"] == "untouched");
        Assert.DoesNotContain(await EventsAsync(ns, "Updated"), e => (string?)e["involvedObject"]?["name"] == "untouched");
    }

    [Fact]
    public async Task An_allow_list_widened_outside_airwave_is_narrowed_again_and_said()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await ApplyStoppedAsync(ns, "guarded");
        var idle = await sandbox.WaitForAsync(ns, "livestream", "guarded", s => Phase(s) == "Idle", "guarded Idle");
        var groupId = (string)idle!["status"]!["aws"]!["inputSecurityGroupId"]!;
        using var http = new HttpClient();
        var mediaLive = new MediaLiveClient(http, AwsClientOptions.ForEmulator(sandbox.Host.Aws!.BaseAddress), new StaticCredentialsProvider(sandbox.Host.Aws.Options.Credentials));

        // Someone opens the input to the whole internet in the console.
        await mediaLive.UpdateInputSecurityGroupAsync(groupId, new UpdateInputSecurityGroupRequest([new InputWhitelistRule("0.0.0.0/0")]), CancellationToken.None);

        var reverted = await Eventually.MatchAsync(() => EventsAsync(ns, "DriftReverted"), events => events.Count > 0, OperatorSandbox.Timeout, "a DriftReverted Event");
        var group = await Eventually.MatchAsync(
            () => mediaLive.DescribeInputSecurityGroupAsync(groupId, CancellationToken.None),
            g => g.WhitelistRules is [{ Cidr: OperatorSandbox.DefaultAllowedCidr }],
            OperatorSandbox.Timeout,
            "the allow-list narrowed again");
        var warning = Assert.Single(reverted);
        Assert.Contains($"input security group {groupId} was changed outside Airwave (whitelistRules)", (string?)warning["message"], StringComparison.Ordinal);
        Assert.Equal(groupId, group.Id);
    }

    [Fact]
    public async Task An_input_put_behind_another_security_group_outside_airwave_is_put_back_and_said()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await ApplyStoppedAsync(ns, "fenced");
        var idle = await sandbox.WaitForAsync(ns, "livestream", "fenced", s => Phase(s) == "Idle", "fenced Idle");
        var (inputId, groupId) = ((string)idle!["status"]!["aws"]!["inputId"]!, (string)idle["status"]!["aws"]!["inputSecurityGroupId"]!);
        using var http = new HttpClient();
        var mediaLive = new MediaLiveClient(http, AwsClientOptions.ForEmulator(sandbox.Host.Aws!.BaseAddress), new StaticCredentialsProvider(sandbox.Host.Aws.Options.Credentials));

        // Someone puts the input behind a group open to the whole internet in the console.
        var open = await mediaLive.CreateInputSecurityGroupAsync(new CreateInputSecurityGroupRequest([new InputWhitelistRule("0.0.0.0/0")]), CancellationToken.None);
        await mediaLive.UpdateInputAsync(inputId, new UpdateInputRequest(InputSecurityGroups: [open.Id]), CancellationToken.None);

        var reverted = await Eventually.MatchAsync(() => EventsAsync(ns, "DriftReverted"), events => events.Count > 0, OperatorSandbox.Timeout, "a DriftReverted Event");
        var input = await Eventually.MatchAsync(
            () => mediaLive.DescribeInputAsync(inputId, CancellationToken.None),
            i => i.SecurityGroups is [var only] && only == groupId,
            OperatorSandbox.Timeout,
            "the input behind the stream's group again");
        var warning = Assert.Single(reverted);
        Assert.Contains($"input {inputId} was changed outside Airwave (inputSecurityGroups)", (string?)warning["message"], StringComparison.Ordinal);
        Assert.Equal(InputSecurityGroupState.Idle, (await mediaLive.DescribeInputSecurityGroupAsync(open.Id, CancellationToken.None)).State);
        Assert.Equal(inputId, input.Id);
        await mediaLive.DeleteInputSecurityGroupAsync(open.Id, CancellationToken.None);
    }

    [Fact]
    public async Task A_packaging_description_changed_outside_airwave_is_set_back_and_a_new_one_in_the_spec_is_applied()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await ApplyStoppedAsync(ns, "described");
        var idle = await sandbox.WaitForAsync(ns, "livestream", "described", s => Phase(s) == "Idle", "described Idle");
        var packageId = (string)idle!["status"]!["aws"]!["packageChannelId"]!;
        var aws = sandbox.Host.Aws!;
        using var http = new HttpClient();
        var mediaPackage = new Airwave.Aws.MediaPackage.MediaPackageClient(http, AwsClientOptions.ForEmulator(aws.BaseAddress), new StaticCredentialsProvider(aws.Options.Credentials));

        // Someone renames the stream's packaging in the console; then the stream's owner describes it in the spec.
        await mediaPackage.UpdateChannelAsync(packageId, new Airwave.Aws.MediaPackage.UpdateChannelRequest("renamed by hand"), CancellationToken.None);
        var reverted = await Eventually.MatchAsync(() => EventsAsync(ns, "DriftReverted"), events => events.Count > 0, OperatorSandbox.Timeout, "a DriftReverted Event");
        var restored = await Eventually.MatchAsync(
            () => mediaPackage.DescribeChannelAsync(packageId, CancellationToken.None),
            c => string.IsNullOrEmpty(c.Description),
            OperatorSandbox.Timeout,
            "the description set back");
        await sandbox.Kubectl.SucceedAsync("patch", "livestream", "described", "-n", ns, "--type=merge", "-p", """{"spec":{"description":"Town hall"}}""");
        var described = await Eventually.MatchAsync(
            () => mediaPackage.DescribeChannelAsync(packageId, CancellationToken.None),
            c => c.Description == "Town hall",
            OperatorSandbox.Timeout,
            "the spec's description applied");

        var warning = Assert.Single(reverted);
        Assert.Contains($"MediaPackage channel {packageId} was changed outside Airwave (description)", (string?)warning["message"], StringComparison.Ordinal);
        Assert.Equal(restored.Id, described.Id);
        Assert.Single(await EventsAsync(ns, "DriftReverted"));
        Assert.Contains(await EventsAsync(ns, "Updated"), e => (string?)e["message"] == $"MediaPackage channel {packageId} updated: description");
    }

    [Fact]
    public async Task A_live_origin_removed_outside_airwave_is_put_back_and_said()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await ApplyStoppedAsync(ns, "onair", live: true);
        var live = await sandbox.WaitForAsync(ns, "livestream", "onair", s => (string?)Condition(s, "Live")?["status"] == "True", "onair on the live distribution");
        var originId = (string)live!["status"]!["aws"]!["packageChannelId"]!;
        var aws = sandbox.Host.Aws!;
        using var http = new HttpClient();
        var cloudFront = new CloudFrontClient(http, AwsClientOptions.ForEmulator(aws.BaseAddress), new StaticCredentialsProvider(aws.Options.Credentials));

        // Someone removes the stream's origin from the distribution.
        Assert.True(await cloudFront.ModifyAsync(aws.Options.LiveDistributionId, c => c.WithoutOrigin(originId), CancellationToken.None));

        var reverted = await Eventually.MatchAsync(() => EventsAsync(ns, "DriftReverted"), events => events.Count > 0, OperatorSandbox.Timeout, "a DriftReverted Event");
        var config = await Eventually.MatchAsync(
            async () => (await cloudFront.GetDistributionConfigAsync(aws.Options.LiveDistributionId, CancellationToken.None)).Config,
            c => c.Origins.Any(o => o.Id == originId),
            OperatorSandbox.Timeout,
            "the origin back on the distribution");
        var warning = Assert.Single(reverted);
        Assert.Contains($"origins[{originId}]", (string?)warning["message"], StringComparison.Ordinal);
        Assert.Single(config.Origins, o => o.Id == originId);
    }

    /// <summary>Nothing deletes an endpoint by itself, so a settled stream's resync does not read it; the full check finds it gone.</summary>
    [Fact]
    public async Task A_package_endpoint_deleted_outside_airwave_is_recreated_and_an_event_says_so()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        var running = await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Phase(s) == "Running", "workshop-a Running");
        var endpointId = running!["status"]!["aws"]!["packageEndpointId"]!.GetValue<string>();

        using var http = new HttpClient();
        var mediaPackage = new Airwave.Aws.MediaPackage.MediaPackageClient(http, AwsClientOptions.ForEmulator(sandbox.Host.Aws!.BaseAddress), new StaticCredentialsProvider(sandbox.Host.Aws.Options.Credentials));
        await mediaPackage.DeleteOriginEndpointAsync(endpointId, CancellationToken.None);
        Assert.Equal(0, AwsResourcesOf.Namespace(sandbox.Host.Aws, ns).PackageEndpoints);

        await Eventually.MatchAsync(() => AwsResourcesOf.Namespace(sandbox.Host.Aws, ns), r => r == AwsResourcesOf.OneOfEach(live: true), OperatorSandbox.Timeout, "endpoint recreated");
        var events = await Eventually.MatchAsync(
            () => sandbox.Kubectl.SucceedAsync("get", "events", "-n", ns, "-o", "json"),
            e => e.Contains("Recreated", StringComparison.Ordinal),
            OperatorSandbox.Timeout,
            "a Recreated event");
        Assert.Contains("MediaPackage endpoint was deleted outside Airwave", events, StringComparison.Ordinal);
    }

    private Task ApplyStoppedAsync(string ns, string name, bool live = false) => sandbox.ApplyAsync(ns, $$"""
        apiVersion: media.airwave.dev/v1alpha1
        kind: LiveStream
        metadata: { name: {{name}} }
        spec:
          state: Stopped
          live: {{(live ? "true" : "false")}}
          source: { type: RtmpPush }
          playback: { encryption: { enabled: false } }
        """);

    /// <summary>The namespace's Events of one reason, as `kubectl get events` lists them.</summary>
    private async Task<List<JsonNode>> EventsAsync(string ns, string reason)
    {
        var listed = await sandbox.Kubectl.SucceedAsync("get", "events", "-n", ns, "--field-selector", $"reason={reason}", "-o", "json");
        return [.. JsonNode.Parse(listed)!["items"]!.AsArray().OfType<JsonNode>()];
    }
}
