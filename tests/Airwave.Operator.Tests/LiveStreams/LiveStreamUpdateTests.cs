using Airwave.Aws.Credentials;
using Airwave.Aws.Http;
using Airwave.Aws.MediaLive;
using Airwave.Aws.MediaPackage;
using Airwave.Sandbox.Aws;
using static Airwave.Operator.Tests.StatusOf;

namespace Airwave.Operator.Tests.LiveStreams;

/// <summary>Spec changes: applied in place where AWS allows it, and said clearly where it does not.</summary>
public sealed class LiveStreamUpdateTests(OperatorSandbox sandbox) : IClassFixture<OperatorSandbox>
{
    private AwsEmulator Aws => sandbox.Host.Aws!;

    [Fact]
    public async Task Allowed_cidrs_and_startover_window_are_updated_in_place()
    {
        var ns = await StartRunningAsync();

        await Patch(ns, """{"spec":{"source":{"rtmpPush":{"allowedCidrs":["192.0.2.0/24"]}},"playback":{"startoverWindowSeconds":7200}}}""");

        await Eventually.MatchAsync(
            () => Aws.Inventory.InputSecurityGroups.Single(g => g.Tags?.GetValueOrDefault("airwave.dev/namespace") == ns),
            g => g.WhitelistRules is [{ Cidr: "192.0.2.0/24" }],
            OperatorSandbox.Timeout,
            "security group allows only 192.0.2.0/24");
        await Eventually.MatchAsync(
            () => Aws.Inventory.OriginEndpoints.Single(e => e.Tags?.GetValueOrDefault("airwave.dev/namespace") == ns),
            e => e.StartoverWindowSeconds == 7200,
            OperatorSandbox.Timeout,
            "endpoint start-over window 7200");
        Assert.Equal(AwsResourcesOf.OneOfEach(live: true), AwsResourcesOf.Namespace(Aws, ns));
    }

    [Fact]
    public async Task A_stream_that_names_no_cidrs_is_open_to_the_installations_default_until_it_names_some()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        var applied = await sandbox.Kubectl.RunWithInputAsync(
            """{"apiVersion":"media.airwave.dev/v1alpha1","kind":"LiveStream","metadata":{"name":"minimal"},"spec":{"state":"Stopped","source":{"type":"RtmpPush"}}}""",
            "apply", "-n", ns, "-f", "-");
        Assert.True(applied.ExitCode == 0, applied.ToString());

        await Eventually.MatchAsync(
            () => Aws.Inventory.InputSecurityGroups.SingleOrDefault(g => g.Tags?.GetValueOrDefault("airwave.dev/namespace") == ns),
            g => g?.WhitelistRules is [{ Cidr: OperatorSandbox.DefaultAllowedCidr }],
            OperatorSandbox.Timeout,
            "the security group allows the operator's default");
        Assert.Equal("", await sandbox.Kubectl.SucceedAsync("get", "livestream", "minimal", "-n", ns, "-o", "jsonpath={.spec.source.rtmpPush}"));

        await sandbox.Kubectl.SucceedAsync("patch", "livestream", "minimal", "-n", ns, "--type=merge", "-p", """{"spec":{"source":{"rtmpPush":{"allowedCidrs":["203.0.113.7/32"]}}}}""");
        await Eventually.MatchAsync(
            () => Aws.Inventory.InputSecurityGroups.Single(g => g.Tags?.GetValueOrDefault("airwave.dev/namespace") == ns),
            g => g.WhitelistRules is [{ Cidr: "203.0.113.7/32" }],
            OperatorSandbox.Timeout,
            "the stream's own CIDRs replace the default");
    }

    [Fact]
    public async Task A_ladder_change_waits_for_the_stop_and_is_then_applied()
    {
        var ns = await StartRunningAsync();

        await Patch(ns, """{"spec":{"encoding":{"ladder":"1080p"}}}""");
        var pending = await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Condition(s, "UpdatePending")?["reason"]?.GetValue<string>() == "ChannelRunning", "update pending while running");
        Assert.Equal("Running", Phase(pending));
        Assert.Equal("True", Condition(pending, "UpdatePending")!["status"]!.GetValue<string>());

        await Patch(ns, """{"spec":{"state":"Stopped"}}""");
        var applied = await sandbox.WaitForAsync(
            ns,
            "livestream",
            "workshop-a",
            s => Phase(s) == "Idle" && Condition(s, "UpdatePending")?["status"]?.GetValue<string>() == "False",
            "update applied once idle");
        var channelId = applied!["status"]!["aws"]!["channelId"]!.GetValue<string>();
        using var http = new HttpClient();
        var mediaLive = new MediaLiveClient(http, AwsClientOptions.ForEmulator(Aws.BaseAddress), new StaticCredentialsProvider(Aws.Options.Credentials));
        var channel = await Eventually.MatchAsync(
            () => mediaLive.DescribeChannelAsync(channelId, CancellationToken.None),
            c => c.State == ChannelState.Idle,
            OperatorSandbox.Timeout,
            "channel idle after its update");
        Assert.Contains(channel.EncoderSettings!.VideoDescriptions, v => v.Name == "video_1080p" && v.Width == 1920);
        var selector = channel.EncoderSettings.AudioDescriptions[0].AudioSelectorName;
        Assert.Contains(channel.InputAttachments!, a => a.InputSettings?.AudioSelectors?.Any(s => s.Name == selector) == true);
    }

    [Fact]
    public async Task A_channel_class_change_is_reported_as_needing_a_recreate_and_the_stream_keeps_running()
    {
        var ns = await StartRunningAsync();

        await Patch(ns, """{"spec":{"encoding":{"channelClass":"Standard"}}}""");

        var reported = await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Condition(s, "UpdatePending")?["reason"]?.GetValue<string>() == "RequiresRecreate", "recreate required");
        Assert.Contains("channelClass", Condition(reported, "UpdatePending")!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Running", Phase(reported));
        var events = await sandbox.Kubectl.SucceedAsync("get", "events", "-n", ns, "--field-selector", "reason=RequiresRecreate", "-o", "name");
        Assert.Single(events.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(AwsResourcesOf.OneOfEach(live: true), AwsResourcesOf.Namespace(Aws, ns));
        Assert.Single(Aws.Inventory.MediaLiveChannels.Where(c => c.Tags?.GetValueOrDefault("airwave.dev/namespace") == ns), c => c.ChannelClass == ChannelClass.SinglePipeline);
    }

    [Fact]
    public async Task Turning_playback_signed_makes_the_live_distribution_trust_the_key_group_the_endpoint_admit_it_alone_and_the_keys_new()
    {
        var ns = await StartRunningAsync();
        var live = (await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => s?["status"]?["playback"]?["liveUrl"] is not null, "workshop-a live"))!;
        var (liveUrl, endpointId) = ((string)live["status"]!["playback"]!["liveUrl"]!, (string)live["status"]!["aws"]!["packageEndpointId"]!);
        using var http = new HttpClient();
        using var publicAnswer = await http.GetAsync(new Uri(liveUrl));
        var before = Place(ns);

        await Patch(ns, """{"spec":{"playback":{"policy":"Signed"}}}""");
        var signed = await Eventually.MatchAsync(() => Task.FromResult(Place(ns)), p => p.KeyGroup is not null && p.ContentId != before.ContentId, OperatorSandbox.Timeout, "the stream's behavior signed and its keys new");
        using var signedAnswer = await http.GetAsync(new Uri(liveUrl));
        var condition = Condition(await sandbox.GetAsync(ns, "livestream", "workshop-a"), "Live")!;
        var (authorization, originHeaders) = Protection(ns);

        await Patch(ns, """{"spec":{"playback":{"policy":"Public"}}}""");
        var publicAgain = await Eventually.MatchAsync(() => Task.FromResult(Place(ns)), p => p.KeyGroup is null && p.ContentId == endpointId, OperatorSandbox.Timeout, "the stream's behavior public again");

        Assert.Equal((null, endpointId), before);
        Assert.NotEqual(System.Net.HttpStatusCode.Forbidden, publicAnswer.StatusCode);
        Assert.Equal((Aws.Options.PlaybackKeyGroupId, endpointId + ".signed"), signed);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, signedAnswer.StatusCode);
        Assert.Equal($"Served by live distribution {Aws.Options.LiveDistributionId} to requests signed with a key of key group {Aws.Options.PlaybackKeyGroupId}.", (string?)condition["message"]);
        Assert.Equal((null, endpointId), publicAgain);
        Assert.Equal(AwsResourcesOf.OneOfEach(live: true), AwsResourcesOf.Namespace(Aws, ns));

        // CDN authorization: the endpoint names the installation's secret, and the stream's origin sends its identifier.
        Assert.Equal(new CdnAuthorization(Aws.CdnIdentifierSecretArn, Aws.Options.CdnSecretsRoleArn), authorization);
        Assert.Equal(Aws.Options.CdnIdentifier, originHeaders?[CdnAuthorization.HeaderName]);

        // MediaPackage keeps an endpoint's authorization when an update leaves it out: the Public stream plays on through
        // the distribution, whose origin still sends the identifier.
        Assert.Equal((authorization, originHeaders?[CdnAuthorization.HeaderName]), (Protection(ns).Authorization, Protection(ns).OriginHeaders?[CdnAuthorization.HeaderName]));
    }

    /// <summary>The namespace's stream's endpoint's CDN authorization, and the headers its origin on the live distribution sends.</summary>
    private (CdnAuthorization? Authorization, IReadOnlyDictionary<string, string>? OriginHeaders) Protection(string ns) =>
        (Aws.Inventory.OriginEndpoints.Single(e => e.Tags?.GetValueOrDefault("airwave.dev/namespace") == ns).Authorization,
         Aws.Inventory.Distributions.Single(d => d.Id == Aws.Options.LiveDistributionId).Config.Origins.Single(o => o.Id.StartsWith($"airwave-{ns}-", StringComparison.Ordinal)).CustomHeaders);

    /// <summary>The key group the namespace's stream's cache behavior trusts, and the content id its endpoint asks keys for.</summary>
    private (string? KeyGroup, string? ContentId) Place(string ns) =>
        (Aws.Inventory.Distributions.Single(d => d.Id == Aws.Options.LiveDistributionId).Config.CacheBehaviors.Single(b => b.TargetOriginId.StartsWith($"airwave-{ns}-", StringComparison.Ordinal)).TrustedKeyGroupId,
         Aws.Inventory.OriginEndpoints.Single(e => e.Tags?.GetValueOrDefault("airwave.dev/namespace") == ns).HlsPackage?.Encryption?.SpekeKeyProvider.ResourceId);

    private async Task<string> StartRunningAsync()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Phase(s) == "Running", "workshop-a Running");
        return ns;
    }

    private Task<string> Patch(string ns, string patch) =>
        sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", "workshop-a", "--type=merge", "-p", patch);
}
