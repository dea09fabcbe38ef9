using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Airwave.Api.Common;
using Airwave.Aws.Credentials;
using Airwave.Aws.Http;
using Airwave.Aws.Ivs;
using Airwave.Operator.Configuration;
using Airwave.Operator.Tests.LiveStreams;
using Airwave.Sandbox;
using Airwave.Sandbox.Aws;
using static Airwave.Operator.Tests.StatusOf;

namespace Airwave.Operator.Tests.Chime;

/// <summary>
/// Chime streams to IVS in the sandbox: the IVS example pointed at the sandbox's stand-in meeting gets an IVS channel of
/// its own, whose ingest its connector pod pushes the meeting to and whose playback URL plays it; settings change once
/// the channel is not live; deleting leaves no channel and no pod, also when AWS failed or lost an answer.
/// </summary>
public sealed class IvsStreamTests(ChimeSandbox sandbox) : IClassFixture<ChimeSandbox>
{
    private const string Stream = "town-hall-ivs";

    private AwsEmulator Aws => sandbox.Host.Aws!;

    [Fact]
    public async Task The_ivs_example_broadcasts_the_meeting_through_its_own_ivs_channel_whose_playback_moves_and_sounds()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        var example = await File.ReadAllTextAsync(Repository.Path("examples", "livestream-chime-ivs.yaml"));
        await sandbox.ApplyAsync(ns, ChimeSandbox.PointedAt(example, Aws.MeetingUrl("town-hall-2026-11").ToString()));

        var running = (await sandbox.WaitForAsync(ns, "livestream", Stream, s => Phase(s) == "Running", $"{Stream} Running"))!;
        var arn = (string)running["status"]!["ivs"]!["channelArn"]!;
        var playbackUrl = (string)running["status"]!["ivs"]!["playbackUrl"]!;
        var secret = (await sandbox.GetAsync(ns, "secret", $"{Stream}-ingest"))!["data"]!;
        var deployment = (await sandbox.GetAsync(ns, "deployment", $"connector-{Stream}"))!;
        using var cli = new AwsCli(Aws.BaseAddress, AwsEmulatorOptions.TestCredentials.AccessKeyId, AwsEmulatorOptions.TestCredentials.SecretAccessKey);
        var channel = (await cli.RunAsync("ivs", "get-channel", "--arn", arn)).Json["channel"]!;
        var keyArn = (string)(await cli.RunAsync("ivs", "list-stream-keys", "--channel-arn", arn)).Json["streamKeys"]![0]!["arn"]!;
        var streamKey = (string)(await cli.RunAsync("ivs", "get-stream-key", "--arn", keyArn)).Json["streamKey"]!["value"]!;
        var live = await Eventually.MatchAsync(() => cli.RunAsync("ivs", "get-stream", "--channel-arn", arn), r => r.ExitCode == 0, OperatorSandbox.Timeout, "the IVS channel live");
        var resourcesWhileRunning = AwsResourcesOf.Namespace(Aws, ns);

        // What a viewer sees: some seconds of the playback URL.
        var local = Directory.CreateTempSubdirectory("airwave-ivs-played-").FullName;
        var played = Path.Combine(local, "played.ts");
        var recorded = await ProcessRunner.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-i", playbackUrl, "-t", "8", "-c", "copy", played], TimeSpan.FromSeconds(90));
        var content = await TestMedia.ContentAsync(played);
        var duration = await TestMedia.DurationAsync(played);

        // A change of the channel's settings waits while it is live, and is made once the stream stopped.
        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", Stream, "--type=merge", "-p", """{"spec":{"source":{"chime":{"ivs":{"latencyMode":"Normal"}}}}}""");
        var pending = (await sandbox.WaitForAsync(ns, "livestream", Stream, s => (string?)Condition(s, "UpdatePending")?["reason"] == "ChannelLive", "the change waiting"))!;
        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", Stream, "--type=merge", "-p", """{"spec":{"state":"Stopped"}}""");
        var idle = (await sandbox.WaitForAsync(ns, "livestream", Stream, s => Phase(s) == "Idle" && Condition(s, "UpdatePending") is null, $"{Stream} Idle with the change made"))!;
        var changed = (await cli.RunAsync("ivs", "get-channel", "--arn", arn)).Json["channel"]!;
        var offline = await cli.RunAsync("ivs", "get-stream", "--channel-arn", arn);
        var podsAfterStop = await sandbox.ConnectorPodsAsync(ns);

        // The seconds of video the playback above fetched, as IVS reported them to CloudWatch, priced at IVS's HD rate
        // per viewer hour: the stream's ivs-output once it is read at the stop.
        var now = DateTimeOffset.UtcNow;
        var byChannel = new Dictionary<string, string> { ["Channel"] = arn[(arn.LastIndexOf('/') + 1)..] };
        var watched = Aws.Metrics.Query("AWS/IVS", "LiveDeliveredTime", byChannel, "Sum", 86400, now.AddDays(-1), now.AddMinutes(1)).Sum(p => p.Value);
        var expected = CostAmount.Format((decimal)watched / 3600m * new PriceTable().Ivs.Output.Hd);
        var measured = (await sandbox.WaitForAsync(ns, "livestream", Stream, s => (string?)IvsOutput(s)?["total"] == expected, $"{Stream}'s ivs-output for {watched} s watched, {expected}"))!;

        // Started again: a new session on the same channel.
        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", Stream, "--type=merge", "-p", """{"spec":{"state":"Running"}}""");
        var again = (await sandbox.WaitForAsync(ns, "livestream", Stream, s => Phase(s) == "Running" && s!["status"]!["sessions"]!.AsArray().Count == 2, $"{Stream} Running again"))!;
        var events = await sandbox.Kubectl.SucceedAsync("get", "events", "-n", ns, "-o", "json");
        var announced = (await sandbox.OutboxEventsAsync()).Where(e => (string?)e["subject"] == $"{ns}/{Stream}").Select(e => (string?)e["type"]).ToList();

        // Deleted while it broadcasts: the connector goes, then the channel, once IVS no longer has it live.
        await sandbox.Kubectl.SucceedAsync("delete", "livestream", Stream, "-n", ns, "--wait=true");

        LockedDownPods.AssertLockedDown(deployment["spec"]!["template"]!);
        Assert.Equal(("True", "Connected"), ChimeSandbox.StatusAndReason(running, "ConnectorReady"));
        Assert.Equal(("True", "Running"), ChimeSandbox.StatusAndReason(running, "Ready"));
        Assert.Matches("^arn:aws:ivs:us-east-1:123456789012:channel/[a-zA-Z0-9]{12}$", arn);
        Assert.Equal(playbackUrl, (string?)running["status"]!["playback"]!["url"]);
        Assert.Equal((string?)channel["playbackUrl"], playbackUrl);
        Assert.Null(running["status"]!["aws"]);
        Assert.Equal(AwsResourcesOf.IvsChannel, resourcesWhileRunning);
        Assert.Equal(("LOW", "STANDARD"), ((string?)channel["latencyMode"], (string?)channel["type"]));

        // The ingest: the server in status, the full URL and key in the Secret, which the connector reads.
        var server = $"rtmps://{(string)channel["ingestEndpoint"]!}/app/";
        Assert.Equal(server, (string?)running["status"]!["ingest"]!["primary"]);
        Assert.Equal(server + streamKey, Decode(secret["primaryUrl"]!));
        Assert.Equal(streamKey, Decode(secret["streamKey"]!));
        Assert.Null(secret["backupUrl"]);
        var env = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => e!);
        Assert.Equal(($"{Stream}-ingest", "primaryUrl"), ((string?)env["CONNECTOR_PUSH_URL"]["valueFrom"]!["secretKeyRef"]!["name"], (string?)env["CONNECTOR_PUSH_URL"]["valueFrom"]!["secretKeyRef"]!["key"]));
        Assert.False(env.ContainsKey("CONNECTOR_PUSH_BACKUP_URL"));
        Assert.Equal("LIVE", (string?)live.Json["stream"]!["state"]);

        // What viewers play is the meeting: its moving pattern and its tone.
        Assert.True(recorded.ExitCode == 0, recorded.ToString());
        Assert.Equal(("h264", "aac"), (content.VideoCodec, content.AudioCodec));
        Assert.True(duration >= 6, $"{duration} s played");
        Assert.True(content.DistinctFrames > duration * 10, $"{content.DistinctFrames} distinct frames in {duration} s");
        Assert.True(content.MeanVolumeDb > -35, $"mean volume {content.MeanVolumeDb} dB");

        Assert.Contains("latencyMode Normal applies once the stream stops", (string?)Condition(pending, "UpdatePending")!["message"], StringComparison.Ordinal);
        Assert.Equal("NORMAL", (string?)changed["latencyMode"]);
        Assert.Contains("(ChannelNotBroadcasting)", offline.Error, StringComparison.Ordinal);
        Assert.Equal(0, podsAfterStop);
        Assert.True(watched >= 6, $"{watched} s watched");
        Assert.Contains("LiveDeliveredTime", (string?)IvsOutput(measured)!["basis"], StringComparison.Ordinal);
        Assert.NotNull(IvsOutput(measured)!["measuredAt"]);
        Assert.Null(idle["status"]!["connector"]);
        Assert.NotNull(idle["status"]!["sessions"]![0]!["stoppedAt"]);
        Assert.Equal(arn, (string?)again["status"]!["ivs"]!["channelArn"]);
        Assert.Contains($"Created IVS channel {arn}", events, StringComparison.Ordinal);
        Assert.Contains($"IVS channel {arn} now has latencyMode Normal", events, StringComparison.Ordinal);
        Assert.Equal(2, announced.Count(t => t == "dev.airwave.stream.started"));
        Assert.Equal(1, announced.Count(t => t == "dev.airwave.stream.stopped"));
        Assert.Contains("dev.airwave.stream.connector.connected", announced);

        Assert.Equal(AwsResourcesOf.None, AwsResourcesOf.Namespace(Aws, ns));
        await sandbox.NothingLeftAsync(ns);
        Directory.Delete(local, recursive: true);

        static JsonNode? IvsOutput(JsonNode? stream) => stream?["status"]?["cost"]?["components"]?.AsArray().FirstOrDefault(c => (string?)c?["name"] == "ivs-output");
    }

    /// <summary>
    /// A meeting its connector cannot join: the IVS channel is never live, so after the stream's idle limit from the
    /// session's start it is stopped as idle, and its connector removed, as a meeting that ends or never starts would.
    /// </summary>
    [Fact]
    public async Task A_stream_whose_ivs_channel_is_not_live_for_its_idle_limit_is_stopped_as_idle_and_its_connector_removed()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        var example = await File.ReadAllTextAsync(Repository.Path("examples", "livestream-chime-ivs.yaml"));
        var manifest = ChimeSandbox.PointedAt(example, new Uri(Aws.BaseAddress, "no-such-meeting").ToString())
            .Replace("  state: Running\n", "  state: Running\n  idleStopAfter: 1m\n", StringComparison.Ordinal);
        await sandbox.ApplyAsync(ns, manifest);

        var waiting = (await sandbox.WaitForAsync(ns, "livestream", Stream, s => (string?)Condition(s, "Broadcasting")?["reason"] == "NotBroadcasting", "the channel not live"))!;
        var idle = (await Eventually.MatchAsync(
            () => sandbox.GetAsync(ns, "livestream", Stream),
            s => Phase(s) == "Idle",
            TimeSpan.FromMinutes(3),
            $"{Stream} stopped for want of a broadcast"))!;
        var left = await Eventually.MatchAsync(
            async () => (
                Deployments: JsonNode.Parse(await sandbox.Kubectl.SucceedAsync("get", "deployments", "-n", ns, "-o", "json"))!["items"]!.AsArray().Count,
                Pods: await sandbox.ConnectorPodsAsync(ns)),
            left => left == (0, 0),
            OperatorSandbox.Timeout,
            "the connector's Deployment and pod gone");
        var events = await sandbox.Kubectl.SucceedAsync("get", "events", "-n", ns, "--field-selector", "reason=IdleStopped", "-o", "json");
        var stopped = Assert.Single(
            await Eventually.MatchAsync(sandbox.OutboxEventsAsync, e => e.Any(Stopped), OperatorSandbox.Timeout, "the stop announced"),
            Stopped);

        var session = idle["status"]!["sessions"]![0]!;
        Assert.Equal((0, 0), left);
        Assert.Equal("Idle", (string?)session["stopReason"]);
        Assert.Equal("idle", (string?)stopped["data"]!["stop_reason"]);
        Assert.Equal(("Running", "IdleStopped"), ((string?)idle["spec"]!["state"], (string?)Condition(idle, "Ready")!["reason"]));
        Assert.Equal(("True", "NotBroadcasting"), ((string?)Condition(idle, "IdleStopped")!["status"], (string?)Condition(idle, "IdleStopped")!["reason"]));
        Assert.Null(Condition(idle, "Broadcasting"));
        Assert.Contains("has not been live for 00:01:00", (string?)Assert.Single(JsonNode.Parse(events)!["items"]!.AsArray())!["message"], StringComparison.Ordinal);
        Assert.Equal("False", (string?)Condition(waiting, "Broadcasting")!["status"]);

        // Stopped a minute after the session began, as nothing was ever live (times in status are whole seconds).
        var decided = (DateTimeOffset)Condition(idle, "IdleStopped")!["lastTransitionTime"]!;
        Assert.InRange(decided - (DateTimeOffset)session["startedAt"]!, TimeSpan.FromSeconds(59), TimeSpan.FromSeconds(90));

        bool Stopped(JsonNode e) => (string?)e["type"] == "dev.airwave.stream.stopped" && (string?)e["subject"] == $"{ns}/{Stream}";
    }

    /// <summary>
    /// A namespace whose budget stops streams at its limit: a broadcast whose first minute of IVS input passes it is
    /// stopped, its connector removed, and the stream waits for next month, saying so.
    /// </summary>
    [Fact]
    public async Task A_stream_on_ivs_is_stopped_at_its_namespaces_spend_limit_and_waits_without_its_connector()
    {
        await sandbox.Kubectl.SucceedAsync("create", "namespace", ChimeSandbox.Thrifty);
        var example = await File.ReadAllTextAsync(Repository.Path("examples", "livestream-chime-ivs.yaml"));
        await sandbox.ApplyAsync(ChimeSandbox.Thrifty, ChimeSandbox.PointedAt(example, Aws.MeetingUrl("budget-review").ToString()));

        var running = (await sandbox.WaitForAsync(ChimeSandbox.Thrifty, "livestream", Stream, s => Phase(s) == "Running", $"{Stream} Running"))!;
        var stopped = (await Eventually.MatchAsync(
            () => sandbox.GetAsync(ChimeSandbox.Thrifty, "livestream", Stream),
            s => Phase(s) == "Idle" && s?["status"]?["sessions"]?[0]?["stoppedAt"] is not null,
            TimeSpan.FromMinutes(3),
            $"{Stream} stopped at the spend limit"))!;
        var left = await Eventually.MatchAsync(() => sandbox.ConnectorPodsAsync(ChimeSandbox.Thrifty), pods => pods == 0, OperatorSandbox.Timeout, "the connector's pod gone");
        var deployments = JsonNode.Parse(await sandbox.Kubectl.SucceedAsync("get", "deployments", "-n", ChimeSandbox.Thrifty, "-o", "json"))!["items"]!.AsArray();
        var events = JsonNode.Parse(await sandbox.Kubectl.SucceedAsync("get", "events", "-n", ChimeSandbox.Thrifty, "--field-selector", "reason=QuotaExceeded", "-o", "json"))!["items"]!.AsArray();
        var announced = await Eventually.MatchAsync(
            sandbox.OutboxEventsAsync,
            e => e.Any(Of("stream.stopped")) && e.Any(Of("stream.quota_exceeded")),
            OperatorSandbox.Timeout,
            "the stop announced");

        Assert.Equal(("True", "Connected"), ChimeSandbox.StatusAndReason(running, "ConnectorReady"));
        Assert.Equal("QuotaExceeded", (string?)stopped["status"]!["sessions"]![0]!["stopReason"]);
        Assert.Equal(("True", "StoppedAtLimit"), ChimeSandbox.StatusAndReason(stopped, "QuotaExceeded"));
        Assert.Equal(("False", "QuotaExceeded"), ChimeSandbox.StatusAndReason(stopped, "Ready"));
        Assert.Contains($"namespace {ChimeSandbox.Thrifty} has spent an estimated $0.0", (string?)Condition(stopped, "Ready")!["message"], StringComparison.Ordinal);
        Assert.True(Dollars(stopped["status"]!["cost"]!["monthToDate"]) >= 0.005m, stopped["status"]!["cost"]!.ToJsonString());
        Assert.Single(stopped["status"]!["sessions"]!.AsArray());
        Assert.Equal(0, left);
        Assert.Empty(deployments);
        Assert.Contains(events, e => ((string?)e!["message"])?.StartsWith("Stopped the broadcast to IVS channel ", StringComparison.Ordinal) == true);
        Assert.Equal("quota_exceeded", (string?)announced.Single(Of("stream.stopped"))["data"]!["stop_reason"]);

        static Func<JsonNode, bool> Of(string type) =>
            e => (string?)e["type"] == "dev.airwave." + type && (string?)e["subject"] == $"{ChimeSandbox.Thrifty}/{Stream}";
    }

    [Fact]
    public async Task A_private_ivs_stream_plays_only_with_a_token_the_webhook_service_gives_callers_allowed_to_get_it()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.ApplyAsync(ns, $$"""
            apiVersion: media.airwave.dev/v1alpha1
            kind: LiveStream
            metadata: { name: board }
            spec:
              state: Running
              source: { type: Chime, chime: { meetingUrl: "{{Aws.MeetingUrl("board")}}", target: Ivs, ivs: { private: true } } }
              archive: { enabled: false }
            """);
        var (player, stranger) = await sandbox.PlaybackCallersAsync(ns, "board");

        var running = (await sandbox.WaitForAsync(ns, "livestream", "board", s => Phase(s) == "Running", "board Running"))!;
        var playbackUrl = (string)running["status"]!["ivs"]!["playbackUrl"]!;
        using var http = new HttpClient();
        using var withoutToken = await http.GetAsync(new Uri(playbackUrl));
        using var granted = await sandbox.AskPlaybackTokenAsync(http, player, ns, "board");
        using var refused = await sandbox.AskPlaybackTokenAsync(http, stranger, ns, "board");
        var answer = JsonNode.Parse(await granted.Content.ReadAsStringAsync())!;
        using var cli = new AwsCli(Aws.BaseAddress, AwsEmulatorOptions.TestCredentials.AccessKeyId, AwsEmulatorOptions.TestCredentials.SecretAccessKey);
        await Eventually.MatchAsync(() => cli.RunAsync("ivs", "get-stream", "--channel-arn", (string)running["status"]!["ivs"]!["channelArn"]!), r => r.ExitCode == 0, OperatorSandbox.Timeout, "the IVS channel live");
        var played = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", (string)answer["playbackUrl"]!], TimeSpan.FromSeconds(60));
        var keyPairs = (await cli.RunAsync("ivs", "list-playback-key-pairs")).Json["keyPairs"]!.AsArray();
        var channel = (await cli.RunAsync("ivs", "get-channel", "--arn", (string)running["status"]!["ivs"]!["channelArn"]!)).Json["channel"]!;
        var keySecret = await sandbox.GetAsync("default", "secret", "airwave-ivs-playback-key");
        await sandbox.Kubectl.SucceedAsync("delete", "livestream", "board", "-n", ns, "--wait=true");

        Assert.True((bool)running["status"]!["ivs"]!["private"]!);
        Assert.True((bool)channel["authorized"]!);
        Assert.Equal(HttpStatusCode.Forbidden, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.StartsWith(playbackUrl + "?token=", (string?)answer["playbackUrl"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.True(played.ExitCode == 0, played.ToString());
        Assert.Equal(["aac", "h264"], played.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct().Order(StringComparer.Ordinal));
        Assert.StartsWith("airwave-", (string?)Assert.Single(keyPairs)!["name"], StringComparison.Ordinal);
        Assert.NotNull(keySecret?["data"]?["privateKey"]);
        Assert.Equal(AwsResourcesOf.None, AwsResourcesOf.Namespace(Aws, ns));
        await sandbox.NothingLeftAsync(ns);
    }

    public static TheoryData<string> CreateFaults() => ["before", "after"];

    /// <summary>The next call of <paramref name="operation"/> fails before IVS acts on it, or (after) its answer is lost.</summary>
    private void FaultNextCreate(string when, string operation)
    {
        if (when == "before")
        {
            Aws.Faults.FailNext(1, AwsServiceKind.Ivs, operation);
        }
        else
        {
            Aws.Faults.LoseResponseOfNext(1, AwsServiceKind.Ivs, operation);
        }
    }

    /// <summary>CreateChannel fails before IVS made the channel, or after (its answer lost): one channel either way.</summary>
    [Theory]
    [MemberData(nameof(CreateFaults))]
    public async Task A_failed_or_lost_create_channel_leaves_exactly_one_ivs_channel(string when)
    {
        var ns = await sandbox.CreateNamespaceAsync();
        FaultNextCreate(when, "CreateChannel");

        try
        {
            await sandbox.ApplyAsync(ns, StoppedStream("lost-answer"));
            var idle = (await sandbox.WaitForAsync(ns, "livestream", "lost-answer", s => Phase(s) == "Idle", "lost-answer Idle"))!;

            Assert.Equal(AwsResourcesOf.IvsChannel, AwsResourcesOf.Namespace(Aws, ns));
            Assert.Equal(Assert.Single(Aws.Inventory.IvsChannels, c => c.Tags?.GetValueOrDefault("airwave.dev/namespace") == ns).Arn, (string?)idle["status"]!["ivs"]!["channelArn"]);
        }
        finally
        {
            Aws.Faults.Reset();
        }

        await sandbox.Kubectl.SucceedAsync("delete", "livestream", "lost-answer", "-n", ns, "--wait=true");
        Assert.Equal(AwsResourcesOf.None, AwsResourcesOf.Namespace(Aws, ns));
    }

    /// <summary>CreateRecordingConfiguration fails before IVS made it, or after (its answer lost): one configuration either way, which the channel names.</summary>
    [Theory]
    [MemberData(nameof(CreateFaults))]
    public async Task A_failed_or_lost_create_recording_configuration_leaves_exactly_one_which_the_channel_names(string when)
    {
        var ns = await sandbox.CreateNamespaceAsync();
        FaultNextCreate(when, "CreateRecordingConfiguration");

        try
        {
            await sandbox.ApplyAsync(ns, StoppedStream("recorded", recorded: true));
            var idle = (await sandbox.WaitForAsync(ns, "livestream", "recorded", s => Phase(s) == "Idle", "recorded Idle"))!;
            var configuration = Assert.Single(Aws.Inventory.IvsRecordingConfigurations, c => c.Tags?.GetValueOrDefault("airwave.dev/namespace") == ns);
            var channel = Assert.Single(Aws.Inventory.IvsChannels, c => c.Tags?.GetValueOrDefault("airwave.dev/namespace") == ns);

            Assert.Equal(configuration.Arn, (string?)idle["status"]!["ivs"]!["recordingConfigurationArn"]);
            Assert.Equal(configuration.Arn, channel.RecordingConfigurationArn);
            Assert.Equal(("True", "Recording"), ChimeSandbox.StatusAndReason(idle, "Recording"));
        }
        finally
        {
            Aws.Faults.Reset();
        }

        await sandbox.Kubectl.SucceedAsync("delete", "livestream", "recorded", "-n", ns, "--wait=true");
        Assert.Equal(AwsResourcesOf.None, AwsResourcesOf.Namespace(Aws, ns));
    }

    [Fact]
    public async Task An_ivs_channel_deleted_outside_airwave_is_made_again_with_a_new_key_and_an_event_says_so()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.ApplyAsync(ns, StoppedStream("replaced"));
        var idle = (await sandbox.WaitForAsync(ns, "livestream", "replaced", s => Phase(s) == "Idle", "replaced Idle"))!;
        var arn = (string)idle["status"]!["ivs"]!["channelArn"]!;
        var keyBefore = Decode((await sandbox.GetAsync(ns, "secret", "replaced-ingest"))!["data"]!["streamKey"]!);

        using var http = new HttpClient();
        var ivs = new IvsClient(http, AwsClientOptions.ForEmulator(Aws.BaseAddress), new StaticCredentialsProvider(Aws.Options.Credentials));
        await ivs.DeleteChannelAsync(arn, CancellationToken.None);
        // Touched, so that the operator looks now rather than at its next resync.
        await sandbox.Kubectl.SucceedAsync("annotate", "-n", ns, "livestream", "replaced", "test/touch=1");
        var replaced = (await sandbox.WaitForAsync(ns, "livestream", "replaced", s => (string?)s?["status"]?["ivs"]?["channelArn"] is { } now && now != arn, "a new IVS channel"))!;
        var keyAfter = await Eventually.MatchAsync(async () => Decode((await sandbox.GetAsync(ns, "secret", "replaced-ingest"))!["data"]!["streamKey"]!), k => k != keyBefore, OperatorSandbox.Timeout, "the new channel's key in the Secret");
        var events = await sandbox.Kubectl.SucceedAsync("get", "events", "-n", ns, "-o", "json");
        await sandbox.Kubectl.SucceedAsync("delete", "livestream", "replaced", "-n", ns, "--wait=true");

        Assert.Contains($"IVS channel {arn} was deleted outside Airwave", events, StringComparison.Ordinal);
        Assert.NotEqual(keyBefore, keyAfter);
        Assert.Equal("Idle", Phase(replaced));
        Assert.Equal(AwsResourcesOf.None, AwsResourcesOf.Namespace(Aws, ns));
    }

    [Fact]
    public async Task A_recorded_ivs_stream_names_the_recording_ivs_made_of_each_session_and_an_archive_split_cuts_it()
    {
        const string name = "town-hall-recorded";
        var ns = await sandbox.CreateNamespaceAsync();
        var example = (await File.ReadAllTextAsync(Repository.Path("examples", "livestream-chime-ivs.yaml")))
            .Replace($"name: {Stream}", $"name: {name}", StringComparison.Ordinal)
            .Replace("enabled: false", "enabled: true", StringComparison.Ordinal);
        await sandbox.ApplyAsync(ns, ChimeSandbox.PointedAt(example, Aws.MeetingUrl("recorded-town-hall").ToString()));

        var recording = (await sandbox.WaitForAsync(ns, "livestream", name, s => (string?)s?["status"]?["sessions"]?[0]?["archivePath"] is not null, "the session's recording named"))!;
        var sessionId = (string)recording["status"]!["sessions"]![0]!["id"]!;
        var archivePath = (string)recording["status"]!["sessions"]![0]!["archivePath"]!;
        var configurationArn = (string)recording["status"]!["ivs"]!["recordingConfigurationArn"]!;
        var channelArn = (string)recording["status"]!["ivs"]!["channelArn"]!;
        using var cli = new AwsCli(Aws.BaseAddress, AwsEmulatorOptions.TestCredentials.AccessKeyId, AwsEmulatorOptions.TestCredentials.SecretAccessKey);
        var configuration = (await cli.RunAsync("ivs", "get-recording-configuration", "--arn", configurationArn)).Json["recordingConfiguration"]!;
        var channel = (await cli.RunAsync("ivs", "get-channel", "--arn", channelArn)).Json["channel"]!;
        var resourcesWhileRecording = AwsResourcesOf.Namespace(Aws, ns);

        // Some seconds of the meeting in the recording (IVS writes 2-second segments), then the stream stops.
        await Eventually.MatchAsync(
            async () => (await cli.RunAsync("s3", "ls", "--recursive", $"{archivePath}/media/hls/")).Output.Split('\n').Count(l => l.EndsWith(".ts", StringComparison.Ordinal)),
            segments => segments >= 5,
            OperatorSandbox.Timeout,
            "ten seconds recorded");
        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", name, "--type=merge", "-p", """{"spec":{"state":"Stopped"}}""");
        await sandbox.WaitForAsync(ns, "livestream", name, s => Phase(s) == "Idle", $"{name} Idle");
        await sandbox.ApplyAsync(ns, $$"""
            apiVersion: media.airwave.dev/v1alpha1
            kind: ArchiveSplit
            metadata: { name: highlights }
            spec:
              streamRef: { name: {{name}} }
              sessionId: "{{sessionId}}"
              nameModifier: highlights
              sections: [{ start: 2, end: 6 }]
            """);
        var split = (await Eventually.MatchAsync(() => sandbox.GetAsync(ns, "archivesplit", "highlights"), s => Phase(s) is "Succeeded" or "Failed", TimeSpan.FromSeconds(180), "highlights cut"))!;
        var clip = cli.PathOf("highlights.mp4");
        var copied = await cli.RunAsync("s3", "cp", (string)split["status"]!["sections"]![0]!["output"]!, clip);
        var clipDuration = copied.ExitCode == 0 ? await TestMedia.DurationAsync(clip) : 0;
        var clipContent = copied.ExitCode == 0 ? await TestMedia.ContentAsync(clip) : null;

        // The archive turned off: the channel records no more and the configuration goes.
        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", name, "--type=merge", "-p", """{"spec":{"archive":{"enabled":false}}}""");
        var off = (await sandbox.WaitForAsync(ns, "livestream", name, s => (string?)Condition(s, "Recording")?["reason"] == "ArchiveDisabled", "recording off"))!;
        var unrecorded = (await cli.RunAsync("ivs", "get-channel", "--arn", channelArn)).Json["channel"]!;
        var resourcesUnrecorded = AwsResourcesOf.Namespace(Aws, ns);
        var events = await sandbox.Kubectl.SucceedAsync("get", "events", "-n", ns, "-o", "json");
        await sandbox.Kubectl.SucceedAsync("delete", "archivesplit", "highlights", "-n", ns, "--wait=true");
        await sandbox.Kubectl.SucceedAsync("delete", "livestream", name, "-n", ns, "--wait=true");

        Assert.Equal(("True", "Recording"), ChimeSandbox.StatusAndReason(recording, "Recording"));
        Assert.Matches($@"^s3://{SandboxHost.ArchiveBucket}/ivs/v1/123456789012/{channelArn[(channelArn.LastIndexOf('/') + 1)..]}/20\d\d/\d+/\d+/\d+/\d+/[a-zA-Z0-9]{{12}}$", archivePath);
        Assert.Equal((SandboxHost.ArchiveBucket, "ACTIVE"), ((string?)configuration["destinationConfiguration"]!["s3"]!["bucketName"], (string?)configuration["state"]));
        Assert.Equal(configurationArn, (string?)channel["recordingConfigurationArn"]);
        Assert.Equal(AwsResourcesOf.IvsChannel with { IvsRecordingConfigurations = 1 }, resourcesWhileRecording);
        Assert.True(Phase(split) == "Succeeded", split.ToJsonString());
        Assert.True(copied.ExitCode == 0, copied.ToString());
        Assert.InRange(clipDuration, 3.8, 4.2);
        Assert.Equal(("h264", "aac"), (clipContent!.VideoCodec, clipContent.AudioCodec));
        Assert.True(clipContent.DistinctFrames > 60, $"{clipContent.DistinctFrames} distinct frames");
        Assert.Null(off["status"]!["ivs"]!["recordingConfigurationArn"]);
        Assert.Equal("", (string?)unrecorded["recordingConfigurationArn"]);
        Assert.Equal(AwsResourcesOf.IvsChannel, resourcesUnrecorded);
        Assert.Contains($"Session {sessionId} is recorded by IVS to {archivePath}", events, StringComparison.Ordinal);
        Assert.Contains($"Deleted IVS recording configuration {configurationArn}", events, StringComparison.Ordinal);
        Assert.Equal(AwsResourcesOf.None, AwsResourcesOf.Namespace(Aws, ns));
    }

    private static string StoppedStream(string name, bool recorded = false) => $$"""
        apiVersion: media.airwave.dev/v1alpha1
        kind: LiveStream
        metadata: { name: {{name}} }
        spec:
          state: Stopped
          source: { type: Chime, chime: { meetingUrl: "https://app.chime.aws/meetings/v2?m={{name}}", target: Ivs } }
          archive: { enabled: {{(recorded ? "true" : "false")}} }
        """;

    private static string Decode(JsonNode base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64.GetValue<string>()));
}
