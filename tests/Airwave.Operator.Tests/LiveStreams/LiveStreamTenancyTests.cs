using System.Text.Json.Nodes;
using static Airwave.Operator.Tests.StatusOf;

namespace Airwave.Operator.Tests.LiveStreams;

/// <summary>
/// What keeps one namespace's streams out of another's recordings: the buckets the installation allows
/// (<see cref="OperatorSandbox.AllowedArchiveBuckets"/> besides its own) and prefixes that begin with the namespace.
/// </summary>
public sealed class LiveStreamTenancyTests(OperatorSandbox sandbox) : IClassFixture<OperatorSandbox>
{
    [Fact]
    public async Task A_bucket_the_installation_does_not_allow_fails_the_stream_and_creates_nothing()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.ApplyStreamAsync(ns, "intruder", """archive: { bucket: another-teams-recordings }""");

        var failed = await sandbox.WaitForAsync(ns, "livestream", "intruder", s => Phase(s) == "Failed", "intruder Failed");

        var ready = Ready(failed);
        Assert.Equal("ArchiveBucketNotAllowed", (string?)ready["reason"]);
        Assert.Contains("another-teams-recordings", (string?)ready["message"], StringComparison.Ordinal);
        Assert.Contains("allowed: airwave-sandbox-archive, tenant-*-archive", (string?)ready["message"], StringComparison.Ordinal);
        Assert.Equal(AwsResourcesOf.None, AwsResourcesOf.Namespace(sandbox.Host.Aws!, ns));
    }

    [Fact]
    public async Task An_allowed_bucket_records_under_the_namespace_whatever_the_template_says()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.ApplyStreamAsync(ns, "blue", """archive: { bucket: tenant-blue-archive, pathTemplate: "shared/{stream}-{timestamp}" }""");
        await sandbox.ApplyStreamAsync(ns, "green", """archive: { pathTemplate: "{namespace}/green/{timestamp}" }""");

        var blue = await sandbox.WaitForAsync(ns, "livestream", "blue", s => Phase(s) == "Running", "blue Running");
        var green = await sandbox.WaitForAsync(ns, "livestream", "green", s => Phase(s) == "Running", "green Running");

        Assert.Matches($"^s3://tenant-blue-archive/{ns}/shared/blue-[0-9]+$", ArchivePath(blue));
        Assert.Matches($"^s3://airwave-sandbox-archive/{ns}/green/[0-9]+$", ArchivePath(green));
    }

    [Fact]
    public async Task A_template_that_climbs_out_of_the_namespace_fails_the_stream()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.ApplyStreamAsync(ns, "climber", """archive: { pathTemplate: "../other-team/{stream}" }""");

        var failed = await sandbox.WaitForAsync(ns, "livestream", "climber", s => Phase(s) == "Failed", "climber Failed");

        Assert.Equal("InvalidSpec", (string?)Ready(failed)["reason"]);
        Assert.StartsWith("spec.archive.pathTemplate: Invalid value: \"../other-team/{stream}\": may not have a '.' or '..' segment", (string?)Ready(failed)["message"], StringComparison.Ordinal);
        Assert.Equal(AwsResourcesOf.None, AwsResourcesOf.Namespace(sandbox.Host.Aws!, ns));
    }

    [Fact]
    public async Task A_meeting_on_a_host_the_installation_does_not_allow_fails_the_stream_and_runs_no_connector()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        const string Metadata = "http://169.254.169.254/latest/meta-data/";
        await sandbox.ApplyAsync(ns, $$"""
            apiVersion: media.airwave.dev/v1alpha1
            kind: LiveStream
            metadata: { name: snoop }
            spec:
              source: { type: Chime, chime: { meetingUrl: "{{Metadata}}" } }
            """);

        var failed = await sandbox.WaitForAsync(ns, "livestream", "snoop", s => Phase(s) == "Failed", "snoop Failed");
        var deployments = await sandbox.Kubectl.SucceedAsync("get", "deployments", "-n", ns, "-o", "name");

        var ready = Ready(failed);
        Assert.Equal("MeetingHostNotAllowed", (string?)ready["reason"]);
        Assert.StartsWith($"spec.source.chime.meetingUrl: Invalid value: \"{Metadata}\": the meeting connector opens pages only on the hosts this installation allows (*.chime.aws, 127.0.0.1)", (string?)ready["message"], StringComparison.Ordinal);
        Assert.Equal("", deployments.Trim());
        Assert.Equal(AwsResourcesOf.None, AwsResourcesOf.Namespace(sandbox.Host.Aws!, ns));
    }

    [Fact]
    public async Task A_private_webrtc_stream_fails_saying_what_it_needs_when_the_operator_cannot_check_viewer_tokens()
    {
        // This installation has no SFU broadcast key, from which the key that checks viewer tokens is derived.
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.ApplyAsync(ns, """
            apiVersion: media.airwave.dev/v1alpha1
            kind: LiveStream
            metadata: { name: backstage }
            spec:
              state: Running
              source: { type: WebRtc, webRtc: { private: true } }
            """);

        var failed = await sandbox.WaitForAsync(ns, "livestream", "backstage", s => Phase(s) == "Failed", "backstage Failed");
        var made = await sandbox.Kubectl.SucceedAsync("get", "deployments,services,secrets", "-n", ns, "-o", "name");

        var ready = Ready(failed);
        Assert.Equal("PrivateViewingUnavailable", (string?)ready["reason"]);
        Assert.Contains("set the chart's sfu.broadcastKeySecret, or make the stream public", (string?)ready["message"], StringComparison.Ordinal);
        Assert.Equal("", made.Trim());
        Assert.Equal(AwsResourcesOf.None, AwsResourcesOf.Namespace(sandbox.Host.Aws!, ns));
    }

    private static JsonNode Ready(JsonNode? stream) =>
        stream!["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Ready")!;

    private static string ArchivePath(JsonNode? stream) => (string)Assert.Single(stream!["status"]!["sessions"]!.AsArray())!["archivePath"]!;
}
