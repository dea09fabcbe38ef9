using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Airwave.Operator.Configuration;
using static Airwave.Operator.Tests.StatusOf;

namespace Airwave.Operator.Tests.LiveStreams;

/// <summary>The first vertical slice as a user drives it: kubectl against the sandbox, AWS as the emulator holds it.</summary>
public sealed class LiveStreamLifecycleTests(OperatorSandbox sandbox) : IClassFixture<OperatorSandbox>
{
    [Fact]
    public async Task Rtmp_stream_runs_stops_goes_live_and_off_and_leaves_nothing_in_aws_when_deleted()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", "livestream-rtmp.yaml"));

        var running = await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Phase(s) == "Running", "workshop-a Running");
        var status = running!["status"]!;
        Assert.StartsWith("rtmp://", status["ingest"]!["primary"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith(sandbox.Host.Aws!.BaseAddress + "out/v1/", status["playback"]!["url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(
            sandbox.Host.Aws!.EdgeAddress(sandbox.Host.Aws.Options.LiveDistributionId) + new Uri(status["playback"]!["url"]!.GetValue<string>()).AbsolutePath,
            status["playback"]!["liveUrl"]!.GetValue<string>());
        Assert.Equal("workshop-a-ingest", status["ingest"]!["secretRef"]!["name"]!.GetValue<string>());
        var session = Assert.Single(status["sessions"]!.AsArray());
        Assert.Equal(status["currentSessionId"]!.GetValue<string>(), session!["id"]!.GetValue<string>());
        // The example's template names no namespace; the prefix still begins with it.
        Assert.StartsWith($"s3://airwave-sandbox-archive/{ns}/", session["archivePath"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(AwsResourcesOf.OneOfEach(live: true), AwsResourcesOf.Namespace(sandbox.Host.Aws!, ns));

        // What was made is told once a reconcile ends, every resource by its id, in fewer events than resources.
        var created = JsonNode.Parse(await sandbox.Kubectl.SucceedAsync("get", "events", "-n", ns, "--field-selector", "reason=Created", "-o", "json"))!["items"]!
            .AsArray().Select(e => e!["message"]!.GetValue<string>()).ToList();
        var ids = status["aws"]!.AsObject().Select(id => id.Value!.GetValue<string>()).ToList();
        Assert.Equal(5, ids.Count);
        Assert.InRange(created.Count, 1, ids.Count - 1);
        Assert.All(ids, id => Assert.Single(created, message => Regex.IsMatch(message, $" {Regex.Escape(id)}(,| and|$)")));

        var secret = await sandbox.GetAsync(ns, "secret", "workshop-a-ingest");
        var streamKey = Decode(secret!["data"]!["streamKey"]!);
        Assert.Equal(status["ingest"]!["primary"]!.GetValue<string>() + "/" + streamKey, Decode(secret["data"]!["primaryUrl"]!));
        Assert.DoesNotContain(streamKey, running.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("LiveStream", secret["metadata"]!["ownerReferences"]![0]!["kind"]!.GetValue<string>());

        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", "workshop-a", "--type=merge", "-p", """{"spec":{"state":"Stopped"}}""");
        var idle = await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Phase(s) == "Idle", "workshop-a Idle");
        var stopped = Assert.Single(idle!["status"]!["sessions"]!.AsArray());
        Assert.NotNull(stopped!["stoppedAt"]);
        Assert.Null(idle["status"]!["currentSessionId"]);
        Assert.NotNull(idle["status"]!["lastStopped"]);

        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", "workshop-a", "--type=merge", "-p", """{"spec":{"live":false}}""");
        await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => s?["status"]?["playback"]?["liveUrl"] is null, "live URL gone");
        Assert.Equal(AwsResourcesOf.OneOfEach(live: false), AwsResourcesOf.Namespace(sandbox.Host.Aws!, ns));
        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", "workshop-a", "--type=merge", "-p", """{"spec":{"live":true}}""");
        await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => s?["status"]?["playback"]?["liveUrl"] is not null, "live URL back");
        Assert.Equal(AwsResourcesOf.OneOfEach(live: true), AwsResourcesOf.Namespace(sandbox.Host.Aws!, ns));

        await sandbox.Kubectl.SucceedAsync("delete", "-n", ns, "livestream", "workshop-a", "--wait=false");
        await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => s is null, "workshop-a deleted");
        Assert.Equal(AwsResourcesOf.None, AwsResourcesOf.Namespace(sandbox.Host.Aws!, ns));
        Assert.Null(await sandbox.GetAsync(ns, "secret", "workshop-a-ingest"));
    }

    [Fact]
    public async Task A_stream_that_ran_says_what_it_cost_for_its_run_time_in_status_kubectl_and_metrics()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.ApplyStreamAsync(ns, "priced", "encoding: { channelClass: Standard, ladder: 1080p }");
        var running = await sandbox.WaitForAsync(ns, "livestream", "priced", s => Phase(s) == "Running", "priced Running");

        // Status times are whole seconds: a stream stopped within the second it started ran, as status tells it, for
        // no time and cost nothing. Two seconds by the session's own start time always read as a run.
        var started = (DateTimeOffset)running!["status"]!["sessions"]![0]!["startedAt"]!;
        if (started + TimeSpan.FromSeconds(2) - DateTimeOffset.UtcNow is { Ticks: > 0 } untilMeasurable)
        {
            await Task.Delay(untilMeasurable);
        }

        var table = await sandbox.Kubectl.SucceedAsync("get", "livestreams", "-n", ns, "-o", "wide");
        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", "priced", "--type=merge", "-p", """{"spec":{"state":"Stopped"}}""");
        var idle = (await sandbox.WaitForAsync(ns, "livestream", "priced", s => Phase(s) == "Idle", "priced Idle"))!;

        var cost = idle["status"]!["cost"]!;
        var session = idle["status"]!["sessions"]![0]!;
        var components = cost["components"]!.AsArray().ToDictionary(c => (string)c!["name"]!, c => c!);

        // A Standard channel with the 1080p ladder: an HD input, and encodes of 1080p, 720p (HD) and 540p, 360p (SD).
        var prices = new PriceTable().MediaLive.Standard;
        Assert.Equal(prices.Input.Hd + (2 * prices.Output.Hd) + (2 * prices.Output.Sd), Dollars(components["medialive"]["hourlyRate"]));
        Assert.Equal(Dollars(components["medialive"]["hourlyRate"]) + Dollars(components["mediapackage-ingest"]["hourlyRate"]), Dollars(cost["hourlyRate"]));
        // Nobody played it: its delivery, read from CloudWatch when it stopped, is nothing, and says when it was read;
        // its seconds of recording, listed in S3 then, cost less than a millionth of a dollar to keep so far.
        Assert.Equal(("0.00", "0.00"), ((string?)components["delivery"]["total"], (string?)components["archive-storage"]["total"]));
        Assert.NotNull(components["delivery"]["measuredAt"]);
        Assert.NotNull(components["archive-storage"]["measuredAt"]);
        Assert.Equal($"GB stored under {session["archivePath"]}/, as S3 lists them at each reading, at $0.023 a GB-month while kept", (string?)components["archive-storage"]["basis"]);
        Assert.Equal(session["id"]!.ToString(), (string?)cost["sessionId"]);
        Assert.Equal((DateTimeOffset)session["stoppedAt"]!, (DateTimeOffset)cost["countedUntil"]!);
        AssertCostOfItsRunTime(idle);
        Assert.Equal(Dollars(cost["total"]), Dollars(cost["session"]));

        Assert.Matches(@"COST/H", table);
        Assert.Matches($@"(?m)^priced\s.*\s{Regex.Escape((string)cost["hourlyRate"]!)}\s", table);
        // The scrape reads the operator's cache, which sees the final count a moment after kubectl may.
        var series = $@"airwave_estimated_cost_usd_total{{namespace=""{ns}"",kind=""LiveStream"",name=""priced"",component=""medialive""}} ";
        using var http = new HttpClient();
        await Eventually.MatchAsync(
            () => http.GetStringAsync(new Uri(sandbox.Host.OperatorAddress!, "/metrics")),
            body => body.Split('\n').SingleOrDefault(l => l.StartsWith(series, StringComparison.Ordinal)) is { } line
                && Math.Abs(double.Parse(line[series.Length..], CultureInfo.InvariantCulture) - (double)Dollars(components["medialive"]["total"])) < 1e-9,
            OperatorSandbox.Timeout,
            "the stream's MediaLive cost in the operator's metrics");
    }

    /// <summary>Names Kubernetes accepts and AWS's id rules do not: dots, and the full 253 characters.</summary>
    public static TheoryData<string> ValidNames() =>
    [
        "workshop.2026-11",
        string.Join('.', Enumerable.Repeat("room-a-friday-workshop-2026", 9)) + ".x",
    ];

    [Theory]
    [MemberData(nameof(ValidNames))]
    public async Task Every_valid_kubernetes_name_runs_and_is_torn_down(string name)
    {
        var ns = await sandbox.CreateNamespaceAsync();

        await sandbox.ApplyStreamAsync(ns, name, "live: true");
        var running = await sandbox.WaitForAsync(ns, "livestream", name, s => Phase(s) == "Running", $"{name} Running");
        var secretName = running!["status"]!["ingest"]!["secretRef"]!["name"]!.GetValue<string>();
        var secret = await sandbox.GetAsync(ns, "secret", secretName);
        Assert.Equal(AwsResourcesOf.OneOfEach(live: true), AwsResourcesOf.Namespace(sandbox.Host.Aws!, ns));
        Assert.NotNull(secret);
        Assert.InRange(secretName.Length, 1, 253);
        Assert.InRange(secret!["metadata"]!["labels"]!["media.airwave.dev/livestream"]!.GetValue<string>().Length, 1, 63);

        await sandbox.Kubectl.SucceedAsync("delete", "-n", ns, "livestream", name, "--wait=false");
        await sandbox.WaitForAsync(ns, "livestream", name, s => s is null, $"{name} deleted");
        Assert.Equal(AwsResourcesOf.None, AwsResourcesOf.Namespace(sandbox.Host.Aws!, ns));
    }

    [Fact]
    public async Task Restarting_the_stream_records_a_new_session_with_its_own_archive()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Phase(s) == "Running", "first session running");
        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", "workshop-a", "--type=merge", "-p", """{"spec":{"state":"Stopped"}}""");
        await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Phase(s) == "Idle", "stopped");
        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", "workshop-a", "--type=merge", "-p", """{"spec":{"state":"Running"}}""");
        var again = await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Phase(s) == "Running" && s!["status"]!["sessions"]!.AsArray().Count == 2, "second session running");

        var sessions = again!["status"]!["sessions"]!.AsArray();
        Assert.NotEqual(sessions[0]!["archivePath"]!.GetValue<string>(), sessions[1]!["archivePath"]!.GetValue<string>());
        Assert.Equal(sessions[1]!["id"]!.GetValue<string>(), again["status"]!["currentSessionId"]!.GetValue<string>());
        Assert.NotNull(sessions[0]!["stoppedAt"]);
        Assert.Equal(AwsResourcesOf.OneOfEach(live: true), AwsResourcesOf.Namespace(sandbox.Host.Aws!, ns));
    }

    [Fact]
    public async Task Three_starts_with_a_fixed_path_template_record_three_sessions_to_three_prefixes()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        var starts = StartChannelCalls();
        await sandbox.ApplyStreamAsync(ns, "fixed", "archive: { pathTemplate: recordings/fixed }");
        for (var session = 1; session <= 3; session++)
        {
            await sandbox.WaitForAsync(ns, "livestream", "fixed", s => Phase(s) == "Running" && s!["status"]!["sessions"]!.AsArray().Count == session, $"session {session} running");
            await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", "fixed", "--type=merge", "-p", """{"spec":{"state":"Stopped"}}""");
            await sandbox.WaitForAsync(ns, "livestream", "fixed", s => Phase(s) == "Idle", $"session {session} stopped");
            if (session < 3)
            {
                await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", "fixed", "--type=merge", "-p", """{"spec":{"state":"Running"}}""");
            }
        }

        var idle = await sandbox.GetAsync(ns, "livestream", "fixed");
        var paths = idle!["status"]!["sessions"]!.AsArray().Select(s => s!["archivePath"]!.GetValue<string>()).ToList();
        Assert.Equal(3, paths.Distinct(StringComparer.Ordinal).Count());
        Assert.All(paths, path => Assert.StartsWith($"s3://airwave-sandbox-archive/{ns}/recordings/fixed", path, StringComparison.Ordinal));
        Assert.Equal(3, StartChannelCalls() - starts);
    }

    [Fact]
    public async Task A_path_template_with_an_unknown_placeholder_is_refused_by_kubectl_apply()
    {
        var ns = await sandbox.CreateNamespaceAsync();

        var applied = await sandbox.Kubectl.RunWithInputAsync("""
            apiVersion: media.airwave.dev/v1alpha1
            kind: LiveStream
            metadata: { name: typo }
            spec:
              source: { type: RtmpPush }
              archive: { pathTemplate: "{yr}/{stream}" }
            """, ["apply", "-n", ns, "-f", "-"]);

        Assert.NotEqual(0, applied.ExitCode);
        Assert.Contains("spec.archive.pathTemplate", applied.StandardError, StringComparison.Ordinal);
        Assert.Null(await sandbox.GetAsync(ns, "livestream", "typo"));
    }

    [Fact]
    public async Task The_webrtc_example_runs_its_sfu_pod_on_the_ports_the_sandbox_chose_and_makes_nothing_in_aws()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", "livestream-webrtc.yaml"));

        var running = await sandbox.WaitForAsync(ns, "livestream", "stage", s => Phase(s) == "Running", "stage Running");
        var logs = await sandbox.Kubectl.SucceedAsync("logs", "deployment/sfu-stage", "-n", ns);
        await sandbox.Kubectl.SucceedAsync("delete", "livestream", "stage", "-n", ns, "--wait=true");

        var pod = running!["status"]!["sfu"]!["pods"]!.AsArray().Single()!;
        Assert.True((bool)pod["ready"]!);
        Assert.NotNull(pod["sessions"]);
        Assert.Contains("janus", logs, StringComparison.OrdinalIgnoreCase);
        // Its SFU pods run on the cluster's nodes, whose price the operator is not told: unknown, not free.
        Assert.Equal(("unknown", "sfu-pods", "unknown"), ((string?)running["status"]!["cost"]!["hourlyRate"], (string?)running["status"]!["cost"]!["components"]![0]!["name"], (string?)running["status"]!["cost"]!["components"]![0]!["total"]));
        Assert.Equal(AwsResourcesOf.None, AwsResourcesOf.Namespace(sandbox.Host.Aws!, ns));
    }

    [Fact]
    public async Task A_chime_stream_to_ivs_that_asks_for_the_live_distribution_is_failed_naming_the_field_and_creates_nothing()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.ApplyAsync(ns, """
            apiVersion: media.airwave.dev/v1alpha1
            kind: LiveStream
            metadata: { name: town-hall }
            spec:
              live: true
              source: { type: Chime, chime: { meetingUrl: "https://app.chime.aws/meetings/v2?m=town-hall", target: Ivs } }
            """);

        var failed = await sandbox.WaitForAsync(ns, "livestream", "town-hall", s => Phase(s) == "Failed", "town-hall Failed");

        var ready = failed!["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "Ready");
        Assert.Equal("InvalidSpec", ready!["reason"]!.GetValue<string>());
        Assert.StartsWith("spec.live: Invalid value: \"true\": the live distribution serves MediaLive streams", ready["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(AwsResourcesOf.None, AwsResourcesOf.Namespace(sandbox.Host.Aws!, ns));
        var events = await sandbox.Kubectl.SucceedAsync("get", "events", "-n", ns, "-o", "json");
        Assert.Contains("InvalidSpec", events, StringComparison.Ordinal);
    }

    private static string Decode(JsonNode base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64.GetValue<string>()));

    private int StartChannelCalls() => sandbox.Host.Aws!.Inventory.Calls.Counts.GetValueOrDefault("MediaLive.StartChannel");
}
