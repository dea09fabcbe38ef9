using System.Text.Json.Nodes;
using static Airwave.Operator.Tests.StatusOf;

namespace Airwave.Operator.Tests.LiveStreams;

/// <summary>
/// An installation as a first `helm install` leaves it: no key provider (SPEKE) for HLS encryption, no key group or
/// CDN authorization for Signed playback.
/// </summary>
public sealed class FirstInstallSandbox : OperatorSandbox
{
    protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings =>
    [
        new("Operator:Speke:Url", ""),
        new("Operator:Speke:RoleArn", ""),
        new("Operator:PlaybackKeyGroupId", null),
        new("Operator:CdnAuthorization:SecretArn", null),
        new("Operator:CdnAuthorization:RoleArn", null),
    ];
}

/// <summary>The README's minimal stream on such an installation.</summary>
public sealed class DefaultInstallTests(FirstInstallSandbox sandbox) : IClassFixture<FirstInstallSandbox>
{
    private const string Minimal = """
        apiVersion: media.airwave.dev/v1alpha1
        kind: LiveStream
        metadata:
          name: workshop-a
        spec:
          state: Running
          source:
            type: RtmpPush
        """;

    [Fact]
    public async Task The_minimal_stream_runs_unencrypted_and_says_so()
    {
        var ns = await sandbox.CreateNamespaceAsync();

        await sandbox.ApplyAsync(ns, Minimal);
        var running = await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Phase(s) == "Running", "workshop-a Running");

        var encrypted = Condition(running, "Encrypted");
        Assert.Equal(("False", "NoKeyProvider"), (encrypted?["status"]?.GetValue<string>(), encrypted?["reason"]?.GetValue<string>()));
        var endpoint = Assert.Single(sandbox.Host.Aws!.Inventory.OriginEndpoints, e => e.Tags?.GetValueOrDefault("airwave.dev/namespace") == ns);
        Assert.Null(endpoint.HlsPackage?.Encryption);
    }

    [Fact]
    public async Task The_streams_aws_resources_carry_the_installations_own_name_which_its_status_keeps()
    {
        var ns = await sandbox.CreateNamespaceAsync();

        await sandbox.ApplyAsync(ns, Minimal);
        var running = await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Phase(s) == "Running", "workshop-a Running");

        var kept = Assert.Single(JsonNode.Parse(await sandbox.Kubectl.SucceedAsync("get", "configmaps", "-A", "--field-selector", "metadata.name=airwave-installation", "-o", "json"))!["items"]!.AsArray())!;
        var name = (string)kept["data"]!["name"]!;
        var channel = Assert.Single(sandbox.Host.Aws!.Inventory.MediaLiveChannels, c => c.Tags?.GetValueOrDefault("airwave.dev/namespace") == ns);
        Assert.Matches($"^{(string)kept["metadata"]!["namespace"]!}-[0-9a-f]{{8}}$", name);
        Assert.Equal(name, (string?)running!["status"]!["cluster"]);
        Assert.Equal(name, channel.Tags?.GetValueOrDefault("airwave.dev/cluster"));
    }

    [Fact]
    public async Task Asking_for_encryption_without_a_key_provider_fails_before_anything_is_made()
    {
        var ns = await sandbox.CreateNamespaceAsync();

        await sandbox.ApplyAsync(ns, Minimal + "\n  playback: { encryption: { enabled: true } }\n");
        var failed = await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Phase(s) == "Failed", "workshop-a Failed");

        var ready = Condition(failed, "Ready");
        Assert.Equal("NoKeyProvider", ready?["reason"]?.GetValue<string>());
        Assert.Contains("speke.url", ready!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(AwsResourcesOf.None, AwsResourcesOf.Namespace(sandbox.Host.Aws!, ns));
    }

    [Fact]
    public async Task Asking_for_signed_playback_without_a_key_group_fails_before_anything_is_made()
    {
        var ns = await sandbox.CreateNamespaceAsync();

        await sandbox.ApplyAsync(ns, Minimal + "\n  live: true\n  playback: { policy: Signed }\n");
        var failed = await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Phase(s) == "Failed", "workshop-a Failed");

        var ready = Condition(failed, "Ready");
        Assert.Equal("NoPlaybackKeyGroup", ready?["reason"]?.GetValue<string>());
        Assert.Contains("playbackKeyGroupId", ready!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(AwsResourcesOf.None, AwsResourcesOf.Namespace(sandbox.Host.Aws!, ns));
    }

    [Fact]
    public async Task Asking_for_FairPlay_encryption_without_a_FairPlay_key_provider_fails_before_anything_is_made()
    {
        var ns = await sandbox.CreateNamespaceAsync();

        await sandbox.ApplyAsync(ns, Minimal + "\n  playback: { encryption: { method: SampleAes } }\n");
        var failed = await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Phase(s) == "Failed", "workshop-a Failed");

        var ready = Condition(failed, "Ready");
        Assert.Equal("NoFairPlayKeyProvider", ready?["reason"]?.GetValue<string>());
        Assert.Contains("speke.fairPlay", ready!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(AwsResourcesOf.None, AwsResourcesOf.Namespace(sandbox.Host.Aws!, ns));
    }
}
