using System.Text.Json.Nodes;
using Airwave.Operator.Tests.LiveStreams;
using Airwave.Sandbox.Aws;
using static Airwave.Operator.Tests.StatusOf;

namespace Airwave.Operator.Tests.Chime;

/// <summary>
/// Chime streams in the sandbox: the example pointed at the sandbox's stand-in meeting (a moving pattern and a tone)
/// runs a connector pod, through the sandbox's kubelet, that pushes the meeting into the stream's MediaLive input, where
/// the emulator records it; stopping ends the connector, deleting leaves nothing.
/// </summary>
public sealed class ChimeStreamTests(ChimeSandbox sandbox) : IClassFixture<ChimeSandbox>
{
    private const string Stream = "town-hall";

    [Fact]
    public async Task The_chime_example_runs_a_connector_whose_meeting_is_recorded_moving_and_audible_and_stopping_ends_it()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        var meetingUrl = sandbox.Host.Aws!.MeetingUrl("town-hall-2026-11").ToString();
        var example = await File.ReadAllTextAsync(Repository.Path("examples", "livestream-chime.yaml"));
        await sandbox.ApplyAsync(ns, ChimeSandbox.PointedAt(example, meetingUrl));

        var running = (await sandbox.WaitForAsync(ns, "livestream", Stream, s => Phase(s) == "Running", $"{Stream} Running"))!;
        var deployment = (await sandbox.GetAsync(ns, "deployment", "connector-town-hall"))!;
        var egress = (await sandbox.GetAsync(ns, "networkpolicy", "connector-town-hall"))!;
        // Some of the meeting, as the channel received it (not as the clock runs: a busy machine's connector pushes less
        // than a second of meeting each second), then the stream stops.
        await PackagedAsync(running, seconds: 10);
        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", Stream, "--type=merge", "-p", """{"spec":{"state":"Stopped"}}""");
        var idle = (await sandbox.WaitForAsync(ns, "livestream", Stream, s => Phase(s) == "Idle", $"{Stream} Idle"))!;
        var deploymentAfterStop = await sandbox.GetAsync(ns, "deployment", "connector-town-hall");
        var podsAfterStop = await sandbox.ConnectorPodsAsync(ns);
        var events = await sandbox.Kubectl.SucceedAsync("get", "events", "-n", ns, "-o", "json");
        var announced = (await sandbox.OutboxEventsAsync()).Where(e => (string?)e["subject"] == $"{ns}/{Stream}").ToList();

        var archivePath = (string)idle["status"]!["sessions"]![0]!["archivePath"]!;
        using var cli = new AwsCli(sandbox.Host.Aws!.BaseAddress, AwsEmulatorOptions.TestCredentials.AccessKeyId, AwsEmulatorOptions.TestCredentials.SecretAccessKey);
        var local = Directory.CreateTempSubdirectory("airwave-chime-recorded-").FullName;
        await cli.RunAsync("s3", "cp", "--recursive", archivePath + "/", local);
        await sandbox.Kubectl.SucceedAsync("delete", "livestream", Stream, "-n", ns, "--wait=true");

        var connector = running["status"]!["connector"]!;
        Assert.Equal(("connector-town-hall", "Connected"), ((string?)connector["deployment"], (string?)connector["phase"]));
        Assert.NotNull(connector["since"]);
        Assert.Equal(("True", "Connected"), ChimeSandbox.StatusAndReason(running, "ConnectorReady"));
        Assert.Equal(("True", "Running"), ChimeSandbox.StatusAndReason(running, "Ready"));

        // The pod's meeting URL says broadcast; its push URL is read from the Secret, never written into the Deployment.
        var env = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => e!);
        Assert.Equal(meetingUrl + "?broadcast=true", (string?)env["CONNECTOR_MEETING_URL"]["value"]);
        var pushUrlRef = env["CONNECTOR_PUSH_URL"]["valueFrom"]!["secretKeyRef"]!;
        Assert.Equal(($"{Stream}-ingest", "primaryUrl"), ((string?)pushUrlRef["name"], (string?)pushUrlRef["key"]));
        Assert.Equal("LiveStream", (string?)deployment["metadata"]!["ownerReferences"]![0]!["kind"]);
        LockedDownPods.AssertLockedDown(deployment["spec"]!["template"]!);

        // The pod may reach the internet, not the cluster's or the cloud's metadata addresses, whatever the page loads.
        Assert.Equal((string?)running["metadata"]!["uid"], (string?)egress["metadata"]!["ownerReferences"]![0]!["uid"]);
        Assert.Equal(deployment["spec"]!["selector"]!["matchLabels"]!.ToJsonString(), egress["spec"]!["podSelector"]!["matchLabels"]!.ToJsonString());
        var denied = egress["spec"]!["egress"]![1]!["to"]![0]!["ipBlock"]!["except"]!.AsArray().Select(c => (string?)c).ToList();
        Assert.Contains("169.254.0.0/16", denied);
        Assert.Contains("10.0.0.0/8", denied);

        // Stopped: no connector, no pod, nothing of it in status.
        Assert.Null(deploymentAfterStop);
        Assert.Equal(0, podsAfterStop);
        Assert.Null(idle["status"]!["connector"]);
        Assert.Equal(("False", "Stopped"), ChimeSandbox.StatusAndReason(idle, "ConnectorReady"));
        Assert.Contains("ConnectorConnected", events, StringComparison.Ordinal);
        var connected = Assert.Single(announced, e => (string?)e["type"] == "dev.airwave.stream.connector.connected");
        Assert.Equal("stream_connector_connected", (string?)connected["data"]!["event_type"]);
        Assert.Equal("Connected", (string?)connected["data"]!["stream_data"]!["connector"]!["phase"]);

        // What the session recorded, as a user fetches it: the meeting's moving pattern and its tone, in both pipelines
        // of the Standard channel, which the connector pushed to alike.
        var recordings = Directory.GetFiles(local, "*.ts", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["pipeline-0", "pipeline-1"], recordings.Select(f => Path.GetFileName(Path.GetDirectoryName(f))));
        foreach (var recording in recordings)
        {
            var content = await TestMedia.ContentAsync(recording);
            var duration = await TestMedia.DurationAsync(recording);
            Assert.Equal(("h264", "aac"), (content.VideoCodec, content.AudioCodec));
            Assert.True(duration >= 8, $"{duration} s recorded in {recording}");
            Assert.True(content.DistinctFrames > duration * 10, $"{content.DistinctFrames} distinct frames in {duration} s");
            Assert.True(content.MeanVolumeDb > -35, $"mean volume {content.MeanVolumeDb} dB");
        }

        // Deleted: nothing left in AWS or in the namespace.
        Assert.Equal(AwsResourcesOf.None, AwsResourcesOf.Namespace(sandbox.Host.Aws!, ns));
        await sandbox.NothingLeftAsync(ns);
        Directory.Delete(local, recursive: true);
    }

    /// <summary>Waits until the stream's live playlist (its first rendition) holds <paramref name="seconds"/> of media.</summary>
    private static async Task PackagedAsync(JsonNode running, double seconds)
    {
        var playback = new Uri((string)running["status"]!["playback"]!["url"]!);
        using var http = new HttpClient();
        await Eventually.MatchAsync(
            async () =>
            {
                using var master = await http.GetAsync(playback);
                if (!master.IsSuccessStatusCode)
                {
                    return 0;
                }

                var variant = (await master.Content.ReadAsStringAsync()).Split('\n').FirstOrDefault(l => l.EndsWith(".m3u8", StringComparison.Ordinal));
                if (variant is null)
                {
                    return 0;
                }

                using var media = await http.GetAsync(new Uri(playback, variant));
                return media.IsSuccessStatusCode
                    ? (await media.Content.ReadAsStringAsync()).Split('\n')
                        .Where(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal))
                        .Sum(l => double.Parse(l["#EXTINF:".Length..].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture))
                    : 0;
            },
            packaged => packaged >= seconds,
            TimeSpan.FromSeconds(120),
            $"{seconds} s of the meeting packaged");
    }

    [Fact]
    public async Task A_meeting_page_that_does_not_load_fails_the_connector_with_the_reason_in_a_condition_an_event_and_downstream()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        // The emulator answers a path that is no meeting as S3 answers an unsigned request: 403.
        var missing = new Uri(sandbox.Host.Aws!.BaseAddress, "/no-such-meeting").ToString();
        await sandbox.ApplyAsync(ns, $$"""
            apiVersion: media.airwave.dev/v1alpha1
            kind: LiveStream
            metadata: { name: {{Stream}} }
            spec:
              state: Running
              source: { type: Chime, chime: { meetingUrl: "{{missing}}" } }
              archive: { enabled: false }
            """);

        var failing = (await sandbox.WaitForAsync(ns, "livestream", Stream, s => (string?)s?["status"]?["connector"]?["phase"] == "Failed", "the connector Failed"))!;
        var events = await sandbox.Kubectl.SucceedAsync("get", "events", "-n", ns, "-o", "json");
        var announced = (await sandbox.OutboxEventsAsync()).Where(e => (string?)e["subject"] == $"{ns}/{Stream}").ToList();
        await sandbox.Kubectl.SucceedAsync("delete", "livestream", Stream, "-n", ns, "--wait=true");

        const string reason = "Connector failed: the meeting cannot be joined: the meeting page answered HTTP 403";
        Assert.Equal(reason, (string?)failing["status"]!["connector"]!["message"]);
        Assert.Equal(("False", "Failed"), ChimeSandbox.StatusAndReason(failing, "ConnectorReady"));
        Assert.Contains(reason, (string?)Condition(failing, "ConnectorReady")!["message"], StringComparison.Ordinal);
        Assert.Equal("Starting", Phase(failing));
        Assert.Equal(("False", "ConnectorFailed"), ChimeSandbox.StatusAndReason(failing, "Ready"));
        Assert.Contains("ConnectorFailed", events, StringComparison.Ordinal);
        Assert.Contains(reason, events, StringComparison.Ordinal);
        var failed = Assert.Single(announced, e => (string?)e["type"] == "dev.airwave.stream.connector.failed");
        Assert.Equal(reason, (string?)failed["data"]!["stream_data"]!["connector"]!["message"]);
        Assert.Equal(AwsResourcesOf.None, AwsResourcesOf.Namespace(sandbox.Host.Aws!, ns));
        await sandbox.NothingLeftAsync(ns);
    }

    [Fact]
    public async Task Three_chime_streams_each_run_a_connector_of_their_own_at_once()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        string[] streams = ["standup", "retro", "all-hands"];
        foreach (var stream in streams)
        {
            await sandbox.ApplyAsync(ns, $$"""
                apiVersion: media.airwave.dev/v1alpha1
                kind: LiveStream
                metadata: { name: {{stream}} }
                spec:
                  state: Running
                  source: { type: Chime, chime: { meetingUrl: "{{sandbox.Host.Aws!.MeetingUrl(stream)}}" } }
                  archive: { enabled: false }
                """);
        }

        var running = new List<JsonNode>();
        foreach (var stream in streams)
        {
            running.Add((await sandbox.WaitForAsync(ns, "livestream", stream, s => Phase(s) == "Running", $"{stream} Running"))!);
        }

        // All three connected at the same moment: each read while the others still push.
        var together = await Task.WhenAll(streams.Select(stream => sandbox.GetAsync(ns, "livestream", stream)));
        var deployments = JsonNode.Parse(await sandbox.Kubectl.SucceedAsync("get", "deployments", "-n", ns, "-o", "json"))!["items"]!.AsArray();
        foreach (var stream in streams)
        {
            await sandbox.Kubectl.SucceedAsync("delete", "livestream", stream, "-n", ns, "--wait=true");
        }

        Assert.All(together, s => Assert.Equal(("Running", "Connected"), (Phase(s), (string?)s!["status"]!["connector"]!["phase"])));
        Assert.Equal(streams.Select(s => $"connector-{s}").Order(), deployments.Select(d => (string)d!["metadata"]!["name"]!).Order());
        Assert.Equal(AwsResourcesOf.None, AwsResourcesOf.Namespace(sandbox.Host.Aws!, ns));
        await sandbox.NothingLeftAsync(ns);
    }
}
