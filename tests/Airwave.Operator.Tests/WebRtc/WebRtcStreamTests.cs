using System.Globalization;
using System.Text.Json.Nodes;

namespace Airwave.Operator.Tests.WebRtc;

/// <summary>
/// A WebRtc LiveStream runs SFU pods: a Deployment sized by maxViewers and a headless Service, owned by the stream;
/// status lists the pods with the load their engines report; Stopped scales them to none; deleting the stream
/// deletes them. The pods run the real engine through the sandbox's kubelet.
/// </summary>
public sealed class WebRtcStreamTests(SfuSandbox sandbox) : IClassFixture<SfuSandbox>
{
    [Fact]
    public async Task A_running_webrtc_stream_runs_ready_sfu_pods_that_report_their_load_and_stopping_ends_them()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await ApplyAsync(ns, "stage", state: "Running", maxViewers: 40);

        var running = await sandbox.WaitForAsync(ns, "livestream", "stage", s => Phase(s) == "Running" && (int?)s!["status"]!["sfu"]?["pods"]?[0]?["sessions"] is not null, "stage Running with its pod's load");
        var stream = running!;
        var deployment = (await sandbox.GetAsync(ns, "deployment", "sfu-stage"))!;
        var service = (await sandbox.GetAsync(ns, "service", "sfu-stage"))!;
        var secret = (await sandbox.GetAsync(ns, "secret", "sfu-stage"))!;
        using var http = new HttpClient();
        var info = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{sandbox.ApiPort.ToString(CultureInfo.InvariantCulture)}/janus/info")))!;
        var events = await sandbox.Kubectl.SucceedAsync("get", "events", "-n", ns, "-o", "json");

        var sfu = stream["status"]!["sfu"]!;
        Assert.Equal(1, (int)deployment["spec"]!["replicas"]!);
        Assert.All(new[] { deployment, service, secret }, o => Assert.Equal((string)stream["metadata"]!["uid"]!, (string)o["metadata"]!["ownerReferences"]![0]!["uid"]!));
        Assert.Equal("None", (string?)service["spec"]!["clusterIP"]);
        Assert.Equal(["api/TCP", "turn/UDP"], service["spec"]!["ports"]!.AsArray().Select(p => $"{p!["name"]}/{p["protocol"]}"));
        Assert.Equal(["roomAdminKey", "turnSecret"], secret["data"]!.AsObject().Select(kv => kv.Key).Order());
        Assert.Equal("server_info", (string?)info["janus"]);
        Assert.Equal(1, (int)sfu["replicas"]!);
        Assert.Equal(1, (int)sfu["readyReplicas"]!);
        Assert.Equal(SfuSandbox.ViewersPerPod, (int)sfu["viewersPerPod"]!);
        var pod = sfu["pods"]!.AsArray().Single()!;
        Assert.StartsWith("sfu-stage-", (string)pod["name"]!, StringComparison.Ordinal);
        Assert.True((bool)pod["ready"]!);
        Assert.Equal(0, (int)pod["sessions"]!);
        Assert.Equal("True", Condition(stream, "SfuReady")?["status"]?.GetValue<string>());
        Assert.Single(stream["status"]!["sessions"]!.AsArray());
        Assert.Contains("Created SFU Secret sfu-stage, Service sfu-stage, Deployment sfu-stage", events, StringComparison.Ordinal);
        Assert.DoesNotContain((string)secret["data"]!["turnSecret"]!, stream.ToJsonString(), StringComparison.Ordinal);

        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", "stage", "--type=merge", "-p", """{"spec":{"state":"Stopped"}}""");
        var idle = await sandbox.WaitForAsync(ns, "livestream", "stage", s => Phase(s) == "Idle", "stage Idle");
        var stopped = (await sandbox.GetAsync(ns, "deployment", "sfu-stage"))!;
        var pods = await sandbox.Kubectl.SucceedAsync("get", "pods", "-n", ns, "-o", "name");

        Assert.Equal(0, (int)stopped["spec"]!["replicas"]!);
        Assert.Equal("", pods.Trim());
        Assert.Empty(idle!["status"]!["sfu"]!["pods"]!.AsArray());
        Assert.NotNull(idle["status"]!["sessions"]![0]!["stoppedAt"]);
        Assert.Equal("Stopped", Condition(idle, "SfuReady")?["reason"]?.GetValue<string>());
    }

    [Fact]
    public async Task Max_viewers_size_the_deployment_as_it_changes_and_deleting_the_stream_deletes_the_pods_objects()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await ApplyAsync(ns, "hall", state: "Running", maxViewers: 120);
        var three = await sandbox.WaitForAsync(ns, "deployment", "sfu-hall", d => (int?)d?["spec"]?["replicas"] == 3, "three pods for 120 viewers");

        await ApplyAsync(ns, "hall", state: "Running", maxViewers: 50);
        var one = await sandbox.WaitForAsync(ns, "deployment", "sfu-hall", d => (int?)d?["spec"]?["replicas"] == 1, "one pod for 50 viewers");
        var status = await sandbox.WaitForAsync(ns, "livestream", "hall", s => (int?)s?["status"]?["sfu"]?["replicas"] == 1, "status says one pod");

        await sandbox.Kubectl.SucceedAsync("delete", "livestream", "hall", "-n", ns, "--wait=true");
        var gone = await Eventually.MatchAsync(
            async () => (await sandbox.Kubectl.SucceedAsync("get", "deployments,services,secrets,pods", "-n", ns, "-o", "name")).Trim(),
            names => !names.Contains("sfu-hall", StringComparison.Ordinal),
            OperatorSandbox.Timeout,
            "the SFU objects gone with the stream");

        Assert.Equal(3, (int)three!["spec"]!["replicas"]!);
        Assert.Equal(1, (int)one!["spec"]!["replicas"]!);
        Assert.Equal(1, (int)status!["status"]!["sfu"]!["replicas"]!);
        Assert.DoesNotContain("sfu-hall", gone, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_webrtc_stream_asking_to_be_recorded_fails_saying_how_to_run_it_and_makes_nothing()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.ApplyAsync(ns, """
            apiVersion: media.airwave.dev/v1alpha1
            kind: LiveStream
            metadata: { name: recorded }
            spec:
              state: Running
              source: { type: WebRtc, webRtc: { maxViewers: 10 } }
            """);

        var failed = await sandbox.WaitForAsync(ns, "livestream", "recorded", s => Phase(s) == "Failed", "recorded Failed");

        var ready = Condition(failed!, "Ready")!;
        Assert.Equal("ArchiveNotSupported", (string?)ready["reason"]);
        Assert.Contains("spec.archive.enabled to false", (string)ready["message"]!, StringComparison.Ordinal);
        Assert.Null(await sandbox.GetAsync(ns, "deployment", "sfu-recorded"));
    }

    [Fact]
    public async Task A_service_of_the_sfu_name_that_is_not_the_streams_is_left_alone_and_named_in_the_failure()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.ApplyAsync(ns, """
            apiVersion: v1
            kind: Service
            metadata: { name: sfu-taken }
            spec: { ports: [{ port: 80, targetPort: 8080 }] }
            """);
        await ApplyAsync(ns, "taken", state: "Running", maxViewers: 10);

        var failed = await sandbox.WaitForAsync(ns, "livestream", "taken", s => Phase(s) == "Failed", "taken Failed");
        var service = (await sandbox.GetAsync(ns, "service", "sfu-taken"))!;

        var ready = Condition(failed!, "Ready")!;
        Assert.Equal("SfuNameTaken", (string?)ready["reason"]);
        Assert.Contains("Service sfu-taken already exists and is not controlled by this LiveStream", (string)ready["message"]!, StringComparison.Ordinal);
        Assert.Null(service["metadata"]!["ownerReferences"]);
        Assert.Equal(80, (int)service["spec"]!["ports"]![0]!["port"]!);
        Assert.Null(await sandbox.GetAsync(ns, "deployment", "sfu-taken"));
    }

    private Task ApplyAsync(string ns, string name, string state, int maxViewers) =>
        sandbox.ApplyAsync(ns, $$"""
            apiVersion: media.airwave.dev/v1alpha1
            kind: LiveStream
            metadata: { name: {{name}} }
            spec:
              state: {{state}}
              source: { type: WebRtc, webRtc: { maxViewers: {{maxViewers}} } }
              archive: { enabled: false }
            """);

    private static string? Phase(JsonNode? stream) => (string?)stream?["status"]?["phase"];

    private static JsonNode? Condition(JsonNode stream, string type) =>
        stream["status"]?["conditions"]?.AsArray().SingleOrDefault(c => (string?)c!["type"] == type);
}
