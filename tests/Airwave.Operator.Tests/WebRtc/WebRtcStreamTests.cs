using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Airwave.Api.LiveStreams;
using Airwave.Hosting.Tokens;
using Airwave.Sandbox;
using Airwave.Sandbox.Aws;
using Airwave.Testing.Sfu;

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
        var policy = (await sandbox.GetAsync(ns, "networkpolicy", "sfu-stage"))!;
        var ingest = (await sandbox.GetAsync(ns, "secret", "stage-ingest"))!;
        using var http = new HttpClient();
        var address = (string)stream["status"]!["sfu"]!["pods"]![0]!["address"]!;
        var metrics = await http.GetStringAsync(new Uri($"http://{address}:{sandbox.ManagementPort.ToString(CultureInfo.InvariantCulture)}/metrics"));
        var events = await sandbox.Kubectl.SucceedAsync("get", "events", "-n", ns, "-o", "json");

        var sfu = stream["status"]!["sfu"]!;
        Assert.Equal(1, (int)deployment["spec"]!["replicas"]!);
        LockedDownPods.AssertLockedDown(deployment["spec"]!["template"]!);
        Assert.All(new[] { deployment, service, secret, policy }, o => Assert.Equal((string)stream["metadata"]!["uid"]!, (string)o["metadata"]!["ownerReferences"]![0]!["uid"]!));
        Assert.Equal("None", (string?)service["spec"]!["clusterIP"]);

        // The API port takes the signaling service's pods and the stream's own; media and management stay open.
        var ingress = policy["spec"]!["ingress"]!.AsArray();
        Assert.Equal(["Ingress"], policy["spec"]!["policyTypes"]!.AsArray().Select(t => (string?)t));
        Assert.Equal((string)stream["metadata"]!["uid"]!, (string?)policy["spec"]!["podSelector"]!["matchLabels"]!["media.airwave.dev/livestream-uid"]);
        Assert.Equal($"TCP/{sandbox.ApiPort.ToString(CultureInfo.InvariantCulture)}", $"{ingress[0]!["ports"]![0]!["protocol"]}/{ingress[0]!["ports"]![0]!["port"]}");
        Assert.Equal(("airwave", "signaling"), ((string?)ingress[0]!["from"]![0]!["namespaceSelector"]!["matchLabels"]!["kubernetes.io/metadata.name"], (string?)ingress[0]!["from"]![0]!["podSelector"]!["matchLabels"]!["app.kubernetes.io/component"]));
        Assert.Equal((string)stream["metadata"]!["uid"]!, (string?)ingress[0]!["from"]![1]!["podSelector"]!["matchLabels"]!["media.airwave.dev/livestream-uid"]);
        Assert.Equal([$"TCP/{sandbox.ManagementPort.ToString(CultureInfo.InvariantCulture)}", "UDP/"], ingress.Skip(1).Select(r => $"{r!["ports"]![0]!["protocol"]}/{r["ports"]![0]!["port"]}"));
        Assert.All(ingress.Skip(1), r => Assert.Null(r!["from"]));
        Assert.Equal(["api/TCP", "turn/UDP"], service["spec"]!["ports"]!.AsArray().Select(p => $"{p!["name"]}/{p["protocol"]}"));
        Assert.Equal(["broadcastKey", "roomAdminKey", "turnSecret"], secret["data"]!.AsObject().Select(kv => kv.Key).Order());
        // The key the signaling service publishes sites' broadcasts with, as it works it out for this stream.
        Assert.Equal(BroadcastKey.ForStream(SfuSandbox.BroadcastKey, ns, "stage"), Decode(secret, "broadcastKey"));
        Assert.Contains("airwave_sfu_ready 1", metrics, StringComparison.Ordinal);
        // The pod runs the build the sandbox was given: CI hands it the native one the image ships.
        Assert.Contains($"airwave_build_info{{compilation=\"{(ProgramBuild.Sfu.AheadOfTime ? "aot" : "jit")}\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Equal(1, (int)sfu["replicas"]!);
        Assert.Equal(10, (int)sfu["maxReplicas"]!);
        Assert.Equal(1, (int)sfu["readyReplicas"]!);
        Assert.Equal(SfuSandbox.ViewersPerPod, (int)sfu["viewersPerPod"]!);
        var pod = sfu["pods"]!.AsArray().Single()!;
        Assert.StartsWith("sfu-stage-", (string)pod["name"]!, StringComparison.Ordinal);
        Assert.True((bool)pod["ready"]!);
        Assert.Equal(0, (int)pod["sessions"]!);
        Assert.Equal("True", Condition(stream, "SfuReady")?["status"]?.GetValue<string>());
        Assert.Single(stream["status"]!["sessions"]!.AsArray());
        Assert.Contains("Created SFU Secret sfu-stage, Service sfu-stage, NetworkPolicy sfu-stage, Deployment sfu-stage", events, StringComparison.Ordinal);
        Assert.DoesNotContain((string)secret["data"]!["turnSecret"]!, stream.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("stage-ingest", (string?)stream["status"]!["ingest"]!["secretRef"]!["name"]);
        Assert.Equal($"{SfuSandbox.SignalingUrl}/whip/v1/{ns}/stage", (string?)stream["status"]!["ingest"]!["primary"]);
        Assert.Equal($"{SfuSandbox.SignalingUrl}/whep/v1/{ns}/stage", (string?)stream["status"]!["playback"]!["whepUrl"]);
        Assert.Equal((string)stream["metadata"]!["uid"]!, (string)ingest["metadata"]!["ownerReferences"]![0]!["uid"]!);
        Assert.Equal($"{SfuSandbox.SignalingUrl}/whip/v1/{ns}/stage", Decode(ingest, "whipUrl"));
        Assert.Matches("^[0-9a-f]{64}$", Decode(ingest, "bearerToken"));
        Assert.DoesNotContain(Decode(ingest, "bearerToken"), stream.ToJsonString(), StringComparison.Ordinal);

        // A Secret made before the operator had the broadcast key gets it (here: the key taken out of it).
        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "secret", "sfu-stage", "--type=json", "-p", """[{"op":"remove","path":"/data/broadcastKey"}]""");
        var restored = await sandbox.WaitForAsync(ns, "secret", "sfu-stage", s => s?["data"]?["broadcastKey"] is not null, "the broadcast key written back");
        Assert.Equal(BroadcastKey.ForStream(SfuSandbox.BroadcastKey, ns, "stage"), Decode(restored!, "broadcastKey"));

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
    public async Task The_streams_owner_publishes_into_its_sfu_pod_over_whip_with_the_bearer_token_of_its_ingest_secret_and_a_viewer_watches_over_whep()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await ApplyAsync(ns, "podium", state: "Running", maxViewers: 4);
        var address = await PodAddressAsync(ns, "podium");
        var token = Decode((await sandbox.GetAsync(ns, "secret", "podium-ingest"))!, "bearerToken");
        var pod = new Uri($"http://{address}:{sandbox.ApiPort.ToString(CultureInfo.InvariantCulture)}/whip");

        var whep = new Uri($"http://{address}:{sandbox.ApiPort.ToString(CultureInfo.InvariantCulture)}/whep");

        // Viewers come through the signaling service, which opens their sessions with the stream's broadcast key.
        var broadcastKey = BroadcastKey.ForStream(SfuSandbox.BroadcastKey, ns, "podium");
        await using var publishing = WhipPublisher.Start(pod, token);
        await publishing.ConnectedAsync();
        var viewed = await WebRtcClients.ViewAsync(whep, frames: 20, token: broadcastKey);
        var keyless = await WebRtcClients.ViewAsync(whep, frames: 0);
        var published = await publishing.StopAsync();
        var guessed = await WebRtcClients.PublishAsync(pod, "0123456789abcdef0123456789abcdef", TimeSpan.Zero);
        // The signaling service's key for this stream publishes too (a site's broadcast moved to it).
        var broadcast = await WebRtcClients.PublishAsync(pod, broadcastKey, TimeSpan.FromSeconds(1));

        Assert.Equal(201, (int?)published["status"]);
        Assert.True((int?)published["packetsSent"]?["video"] > 0, published.ToJsonString());
        Assert.Equal(200, (int?)published["delete"]);
        Assert.True((int?)viewed["framesDecoded"] >= 20, viewed.ToJsonString());
        Assert.Equal(401, (int?)keyless["status"]);
        Assert.Equal(401, (int?)guessed["status"]);
        Assert.Equal(201, (int?)broadcast["status"]);
    }

    [Fact]
    public async Task A_private_streams_pods_open_a_viewers_session_only_on_word_that_its_token_was_taken_and_apps_allowed_to_get_the_stream_get_tokens()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.ApplyAsync(ns, """
            apiVersion: media.airwave.dev/v1alpha1
            kind: LiveStream
            metadata: { name: backstage }
            spec:
              state: Running
              source: { type: WebRtc, webRtc: { maxViewers: 4, private: true } }
              archive: { enabled: false }
            """);
        await ApplyAsync(ns, "foyer", state: "Stopped", maxViewers: 4);
        var address = await PodAddressAsync(ns, "backstage");
        var (player, stranger) = await sandbox.PlaybackCallersAsync(ns, "backstage");
        await sandbox.Kubectl.SucceedAsync("create", "role", "watch-foyer", "-n", ns, "--verb=get", "--resource=livestreams.media.airwave.dev", "--resource-name=foyer");
        await sandbox.Kubectl.SucceedAsync("create", "rolebinding", "player-watches-foyer", "-n", ns, "--role=watch-foyer", $"--serviceaccount={ns}:player");

        // What the signaling service sends a private stream's pod: the stream's broadcast key, and its word that the viewer's token was taken.
        using var http = new HttpClient();
        var whep = new Uri($"http://{address}:{sandbox.ApiPort.ToString(CultureInfo.InvariantCulture)}/whep");
        var broadcastKey = BroadcastKey.ForStream(SfuSandbox.BroadcastKey, ns, "backstage");
        using var keyOnly = await PostWhepAsync(http, whep, broadcastKey, granted: false);
        using var granted = await PostWhepAsync(http, whep, broadcastKey, granted: true);
        using var wordWithoutKey = await PostWhepAsync(http, whep, "not-the-key", granted: true);

        using var issued = await sandbox.AskPlaybackTokenAsync(http, player, ns, "backstage", expiresInSeconds: 60);
        using var refused = await sandbox.AskPlaybackTokenAsync(http, stranger, ns, "backstage");
        using var publicStream = await sandbox.AskPlaybackTokenAsync(http, player, ns, "foyer");

        Assert.Equal(HttpStatusCode.Forbidden, keyOnly.StatusCode);
        Assert.Contains("needs a viewer token", await keyOnly.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Past the check, the engine answers that nobody publishes yet.
        Assert.Equal(HttpStatusCode.Conflict, granted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wordWithoutKey.StatusCode);

        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var answer = JsonNode.Parse(await issued.Content.ReadAsStringAsync())!;
        Assert.Equal($"{SfuSandbox.SignalingUrl}/whep/v1/{ns}/backstage", (string?)answer["whepUrl"]);
        // The signaling service checks the token with the key it derives from the shared one.
        var (claims, problem) = Hs256Jwt.Read((string?)answer["token"], WebRtcViewerKeySecret.Derive(SfuSandbox.BroadcastKey));
        Assert.Equal(JwtProblem.None, problem);
        Assert.Equal($"{ns}/backstage", claims.GetProperty("aud").GetString());
        Assert.Equal((long)answer["expiresAt"]!, claims.GetProperty("exp").GetInt64());
        Assert.InRange(claims.GetProperty("exp").GetInt64() - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 50, 61);
        Assert.Equal(32, claims.GetProperty("jti").GetString()!.Length);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, publicStream.StatusCode);
        Assert.Contains("is watched publicly, without a token", await publicStream.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostWhepAsync(HttpClient http, Uri whep, string key, bool granted)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, whep);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        if (granted)
        {
            request.Headers.Add(ViewerGrantHeader.Name, ViewerGrantHeader.Taken);
        }

        return await http.SendAsync(request);
    }

    [Fact]
    public async Task Clients_on_the_engine_grow_the_pods_up_to_max_viewers_the_publisher_is_relayed_to_the_new_one_they_shrink_when_the_clients_leave_and_deleting_the_stream_deletes_them()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await ApplyAsync(ns, "hall", state: "Running", maxViewers: 8);
        var address = await PodAddressAsync(ns, "hall");
        var api = $"http://{address}:{sandbox.ApiPort.ToString(CultureInfo.InvariantCulture)}";

        // A publisher and five viewers who ask over WHEP (each a session on the engine) fill one pod of four past
        // 80 %: a second pod, and no third, as eight viewers need two. The viewers never answer, so the pod lets them
        // go after 30 seconds, and the stream shrinks back to one pod.
        var token = Decode((await sandbox.GetAsync(ns, "secret", "hall-ingest"))!, "bearerToken");
        await using var publishing = WhipPublisher.Start(new Uri($"{api}/whip"), token);
        await publishing.ConnectedAsync();
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", BroadcastKey.ForStream(SfuSandbox.BroadcastKey, ns, "hall"));
        var viewers = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var asked = await Eventually.MatchAsync(() => http.PostAsync(new Uri($"{api}/whep"), null), r => r.StatusCode != HttpStatusCode.Conflict, TimeSpan.FromSeconds(30), "WHEP once the publisher is live");
            viewers.Add(asked.StatusCode);
        }

        var grown = await sandbox.WaitForAsync(ns, "livestream", "hall", s => (int?)s?["status"]?["sfu"]?["readyReplicas"] == 2, "two ready pods for the publisher and five viewers");
        var deployment = (await sandbox.GetAsync(ns, "deployment", "sfu-hall"))!;

        // The publisher's pod finds the new one by the stream's Service name in the cluster DNS and relays the
        // publisher to it: a viewer there is taken too.
        var second = grown!["status"]!["sfu"]!["pods"]!.AsArray().Select(p => (string?)p!["address"]).First(a => a != address);
        using var relayed = await Eventually.MatchAsync(
            () => http.PostAsync(new Uri($"http://{second}:{sandbox.ApiPort.ToString(CultureInfo.InvariantCulture)}/whep"), null),
            r => r.StatusCode != HttpStatusCode.Conflict,
            TimeSpan.FromSeconds(30),
            "WHEP on the second pod once the publisher is relayed to it");

        var shrunk = await sandbox.WaitForAsync(ns, "livestream", "hall", s => (int?)s?["status"]?["sfu"]?["replicas"] == 1, "one pod once the viewers were let go");
        await publishing.StopAsync();
        var events = await sandbox.Kubectl.SucceedAsync("get", "events", "-n", ns, "-o", "json");

        await sandbox.Kubectl.SucceedAsync("delete", "livestream", "hall", "-n", ns, "--wait=true");
        var gone = await Eventually.MatchAsync(
            async () => (await sandbox.Kubectl.SucceedAsync("get", "deployments,services,secrets,pods", "-n", ns, "-o", "name")).Trim(),
            names => !names.Contains("sfu-hall", StringComparison.Ordinal),
            OperatorSandbox.Timeout,
            "the SFU objects gone with the stream");

        Assert.All(viewers, code => Assert.Equal(HttpStatusCode.Created, code));
        Assert.Equal(HttpStatusCode.Created, relayed.StatusCode);
        Assert.True((int)grown!["status"]!["sfu"]!["pods"]!.AsArray().Sum(p => (int?)p!["sessions"] ?? 0) >= 6, grown.ToJsonString());
        // Each pod on an address of its own, as in a cluster: the second one is ready beside the first on the same ports.
        Assert.Equal(2, grown["status"]!["sfu"]!["pods"]!.AsArray().Select(p => (string?)p!["address"]).Distinct().Count());
        Assert.Equal(2, (int)grown["status"]!["sfu"]!["maxReplicas"]!);
        Assert.Equal(2, (int)deployment["spec"]!["replicas"]!);
        Assert.Equal(1, (int)shrunk!["status"]!["sfu"]!["replicas"]!);
        Assert.Matches("SFU pods scaled from 1 to 2: [5-9] viewers need 2 pods", events);
        Assert.Matches("SFU pods scaled from 2 to 1: pod sfu-hall-[a-z0-9-]+ drained", events);
        Assert.DoesNotContain("sfu-hall", gone, StringComparison.Ordinal);
    }

    /// <summary>The address of the stream's one pod, once the stream runs with it ready.</summary>
    [Fact]
    public async Task A_stream_whose_publisher_left_is_stopped_at_its_idle_limit_and_its_pods_end()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.ApplyAsync(ns, """
            apiVersion: media.airwave.dev/v1alpha1
            kind: LiveStream
            metadata: { name: drop-in }
            spec:
              state: Running
              idleStopAfter: 1m
              source: { type: WebRtc, webRtc: { maxViewers: 4 } }
              archive: { enabled: false }
            """);
        var address = await PodAddressAsync(ns, "drop-in");
        var token = Decode((await sandbox.GetAsync(ns, "secret", "drop-in-ingest"))!, "bearerToken");

        // The publisher leaves once the stream says it publishes.
        await using var publishing = WhipPublisher.Start(new Uri($"http://{address}:{sandbox.ApiPort.ToString(CultureInfo.InvariantCulture)}/whip"), token);
        await sandbox.WaitForAsync(ns, "livestream", "drop-in", s => (string?)Condition(s!, "Publishing")?["status"] == "True", "drop-in publishing");
        Assert.Equal(201, (int?)(await publishing.StopAsync())["status"]);
        var left = await sandbox.WaitForAsync(ns, "livestream", "drop-in", s => (string?)Condition(s!, "Publishing")?["status"] == "False", "the publisher gone");
        var stopped = (await Eventually.MatchAsync(
            () => sandbox.GetAsync(ns, "livestream", "drop-in"),
            s => Phase(s) == "Idle" && s?["status"]?["sessions"]?[0]?["stoppedAt"] is not null,
            TimeSpan.FromMinutes(2),
            "drop-in stopped for want of a publisher"))!;
        var pods = await sandbox.Kubectl.SucceedAsync("get", "pods", "-n", ns, "-o", "name");
        var events = await sandbox.Kubectl.SucceedAsync("get", "events", "-n", ns, "--field-selector", "reason=IdleStopped", "-o", "jsonpath={.items[*].message}");

        // Stopped a minute after the publisher left (give or take the second the pods' load is read in), and it stays stopped.
        var silentFrom = DateTimeOffset.Parse((string)Condition(left!, "Publishing")!["lastTransitionTime"]!, CultureInfo.InvariantCulture);
        var session = stopped["status"]!["sessions"]![0]!;
        var stoppedAt = DateTimeOffset.Parse((string)session["stoppedAt"]!, CultureInfo.InvariantCulture);
        Assert.InRange(stoppedAt - silentFrom, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(75));
        Assert.Equal("Idle", (string?)session["stopReason"]);
        Assert.Equal(("False", "IdleStopped"), ((string?)Condition(stopped, "Ready")!["status"], (string?)Condition(stopped, "Ready")!["reason"]));
        Assert.Equal(("True", "NoPublisher"), ((string?)Condition(stopped, "IdleStopped")!["status"], (string?)Condition(stopped, "IdleStopped")!["reason"]));
        Assert.Null(Condition(stopped, "Publishing"));
        Assert.Equal("", pods.Trim());
        Assert.StartsWith("Stopping the SFU pods: no publisher for 00:01:00", events, StringComparison.Ordinal);
    }

    private async Task<string> PodAddressAsync(string ns, string name)
    {
        var running = await sandbox.WaitForAsync(ns, "livestream", name, s => Phase(s) == "Running" && s?["status"]?["sfu"]?["pods"]?[0]?["address"] is not null, $"{name} Running with its pod");
        return (string)running!["status"]!["sfu"]!["pods"]![0]!["address"]!;
    }

    [Fact]
    public async Task A_recorded_webrtc_stream_records_what_its_publisher_sends_through_its_channel_and_deleting_it_leaves_nothing()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.ApplyAsync(ns, """
            apiVersion: media.airwave.dev/v1alpha1
            kind: LiveStream
            metadata: { name: recorded }
            spec:
              state: Running
              source: { type: WebRtc, webRtc: { maxViewers: 4 } }
            """);

        var address = await PodAddressAsync(ns, "recorded");
        var running = (await sandbox.GetAsync(ns, "livestream", "recorded"))!;
        var ingest = (await sandbox.GetAsync(ns, "secret", "recorded-ingest"))!;
        var deployment = (await sandbox.GetAsync(ns, "deployment", "sfu-recorded"))!;
        var pod = new Uri($"http://{address}:{sandbox.ApiPort.ToString(CultureInfo.InvariantCulture)}/whip");
        var published = await WebRtcClients.PublishAsync(pod, Decode(ingest, "bearerToken"), TimeSpan.FromSeconds(12));
        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", "recorded", "--type=merge", "-p", """{"spec":{"state":"Stopped"}}""");
        var idle = (await sandbox.WaitForAsync(ns, "livestream", "recorded", s => Phase(s) == "Idle", "recorded Idle"))!;

        // What the session recorded, as a user would fetch it.
        var archivePath = (string)idle["status"]!["sessions"]![0]!["archivePath"]!;
        using var cli = new AwsCli(sandbox.Host.Aws!.BaseAddress, AwsEmulatorOptions.TestCredentials.AccessKeyId, AwsEmulatorOptions.TestCredentials.SecretAccessKey);
        var local = Directory.CreateTempSubdirectory("airwave-webrtc-recorded-").FullName;
        var copied = await cli.RunAsync("s3", "cp", "--recursive", archivePath + "/", local);
        var files = Directory.GetFiles(local, "*.ts", SearchOption.AllDirectories);
        var content = await TestMedia.ContentAsync(Assert.Single(files));

        Assert.Equal(201, (int?)published["status"]);
        Assert.Equal($"{SfuSandbox.SignalingUrl}/whip/v1/{ns}/recorded", (string?)running["status"]!["ingest"]!["primary"]);
        Assert.Null(running["status"]!["ingest"]!["backup"]);
        Assert.Equal($"{SfuSandbox.SignalingUrl}/whep/v1/{ns}/recorded", (string?)running["status"]!["playback"]!["whepUrl"]);
        Assert.EndsWith(".m3u8", (string?)running["status"]!["playback"]!["url"], StringComparison.Ordinal);
        Assert.Contains("what the publisher sends is recorded", (string?)Condition(running, "Ready")!["message"], StringComparison.Ordinal);
        Assert.Equal("True", (string?)Condition(running, "SfuReady")!["status"]);
        // The pods push into the input whose URL and key the Secret holds; the publisher's token is there too.
        Assert.StartsWith("rtmp://", Decode(ingest, "primaryUrl"), StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{64}$", Decode(ingest, "bearerToken"));
        var env = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray();
        Assert.Contains(env, e => (string?)e!["name"] == "SFU_FORWARD_URL" && (string?)e["valueFrom"]!["secretKeyRef"]!["key"] == "primaryUrl");
        Assert.True(copied.ExitCode == 0, copied.ToString());
        Assert.Equal("h264", content.VideoCodec);
        Assert.Equal("aac", content.AudioCodec);
        // aiortc's test pattern moves and its tone is loud: frozen video or silence would not pass.
        Assert.True(content.DistinctFrames >= 30, content.ToString());
        Assert.True(content.MeanVolumeDb > -40, content.ToString());
        Assert.NotNull(idle["status"]!["sessions"]![0]!["stoppedAt"]);
        Assert.Equal(0, (int)(await sandbox.GetAsync(ns, "deployment", "sfu-recorded"))!["spec"]!["replicas"]!);

        var channelId = (string)idle["status"]!["aws"]!["channelId"]!;
        await sandbox.Kubectl.SucceedAsync("delete", "livestream", "recorded", "-n", ns, "--wait=true");
        Assert.DoesNotContain(sandbox.Host.Aws!.Inventory.MediaLiveChannels, c => c.Id == channelId);
        Assert.DoesNotContain(sandbox.Host.Aws!.Inventory.Inputs, i => i.Id == (string)idle["status"]!["aws"]!["inputId"]!);
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

    private static string Decode(JsonNode secret, string key) =>
        System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((string)secret["data"]![key]!));

    private static string? Phase(JsonNode? stream) => (string?)stream?["status"]?["phase"];

    private static JsonNode? Condition(JsonNode stream, string type) =>
        stream["status"]?["conditions"]?.AsArray().SingleOrDefault(c => (string?)c!["type"] == type);
}
