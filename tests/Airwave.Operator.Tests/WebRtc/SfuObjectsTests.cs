using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Secrets;
using Airwave.Operator.Configuration;
using Airwave.Operator.Kubernetes;
using Airwave.Operator.LiveStreams;
using Airwave.Operator.LiveStreams.Sfu;

namespace Airwave.Operator.Tests.WebRtc;

/// <summary>What the operator asks the cluster for on a WebRtc stream's behalf, and how it reads a pod's load.</summary>
public sealed class SfuObjectsTests
{
    private static readonly SfuOptions Sfu = new() { ViewersPerPod = 100, Image = "registry.example.com/airwave/sfu:1.2.3" };

    private static readonly string KeyDigest = new('a', 64);
    private static readonly SfuEngineKeys EngineKeys = new(new string('b', 64), new string('c', 64));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(100, 1)]
    [InlineData(101, 2)]
    [InlineData(500, 5)]
    [InlineData(100000, 1000)]
    public void A_stream_runs_as_many_pods_as_its_viewers_fill(int maxViewers, int pods) =>
        Assert.Equal(pods, Sfu.PodsFor(maxViewers));

    [Theory]
    [InlineData("stage", "sfu-stage")]
    [InlineData("team.a.stage", "sfu-team-a-stage")]
    [InlineData("1st", "sfu-1st")]
    public void The_objects_are_named_so_that_the_service_name_is_a_dns_label(string stream, string name)
    {
        Assert.Equal(name, SfuObjects.NameFor(Stream(stream)));
        Assert.Matches(DnsNames.Label, name);
    }

    [Fact]
    public void A_long_stream_name_is_cut_to_a_label_and_stays_apart_from_its_neighbours()
    {
        var a = SfuObjects.NameFor(Stream(new string('a', 100) + "-one"));
        var b = SfuObjects.NameFor(Stream(new string('a', 100) + "-two"));

        Assert.Equal(DnsNames.MaxLabelLength, a.Length);
        Assert.NotEqual(a, b);
        Assert.Matches(DnsNames.Label, a);
    }

    [Fact]
    public void The_pods_run_the_engine_with_its_keys_from_the_secret_its_own_address_and_probes_on_the_management_port()
    {
        var deployment = SfuObjects.Deployment(Stream("stage"), replicas: 3, KeyDigest, forwardTo: [], Sfu);
        var spec = deployment["spec"]!;
        var container = spec["template"]!["spec"]!["containers"]![0]!;
        var env = container["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => e!);

        Assert.Equal(3, (int)spec["replicas"]!);
        Assert.Equal("registry.example.com/airwave/sfu:1.2.3", (string?)container["image"]);
        Assert.Equal("sfu-stage", (string?)env["SFU_TURN_SECRET"]["valueFrom"]!["secretKeyRef"]!["name"]);
        Assert.Equal(SfuObjects.TurnSecret, (string?)env["SFU_TURN_SECRET"]["valueFrom"]!["secretKeyRef"]!["key"]);
        Assert.Equal(SfuObjects.RoomAdminKey, (string?)env["SFU_ROOM_ADMIN_KEY"]["valueFrom"]!["secretKeyRef"]!["key"]);
        // The publisher's key is the one the stream's owner reads from the ingest Secret.
        Assert.Equal("stage-ingest", (string?)env["SFU_PUBLISH_KEY"]["valueFrom"]!["secretKeyRef"]!["name"]);
        Assert.Equal(IngestSecret.BearerToken, (string?)env["SFU_PUBLISH_KEY"]["valueFrom"]!["secretKeyRef"]!["key"]);
        Assert.Equal("status.podIP", (string?)env["AIRWAVE_Sfu__PodAddress"]["valueFrom"]!["fieldRef"]!["fieldPath"]);
        Assert.Equal("40000-40099", (string?)env["AIRWAVE_Sfu__MediaPorts"]["value"]);
        Assert.Equal("/readyz", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("management", (string?)container["readinessProbe"]!["httpGet"]!["port"]);
        Assert.Equal(["api/8088/TCP", "management/9090/TCP", "turn/3478/UDP"], container["ports"]!.AsArray().Select(p => $"{p!["name"]}/{p["containerPort"]}/{p["protocol"]}"));
        Assert.Equal(0, (int)spec["strategy"]!["rollingUpdate"]!["maxUnavailable"]!);
        Assert.Equal("uid-stage", (string?)spec["selector"]!["matchLabels"]![AppliedObject.StreamUidLabel]);
        Assert.Equal("uid-stage", (string?)deployment["metadata"]!["ownerReferences"]![0]!["uid"]);
        Assert.False(env.ContainsKey("SFU_FORWARD_URL"));
        // The publisher's pod finds the others, to relay it to them, by the headless Service's name.
        Assert.Equal("sfu-stage.team-a.svc", (string?)env["AIRWAVE_Sfu__PeersHost"]["value"]);
        var alone = SfuObjects.Deployment(Stream("stage"), replicas: 3, KeyDigest, forwardTo: [], Sfu with { PeersHost = "" });
        Assert.DoesNotContain(alone["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray(), e => (string?)e!["name"] == "AIRWAVE_Sfu__PeersHost");
    }

    [Fact]
    public void The_pods_of_a_recorded_stream_push_into_its_input_whose_urls_and_key_they_read_from_the_ingest_secret()
    {
        var recorded = SfuObjects.Deployment(Stream("stage"), replicas: 1, KeyDigest, forwardTo: [IngestSecret.PrimaryUrl], Sfu);
        var standard = SfuObjects.Deployment(Stream("stage"), replicas: 1, KeyDigest, forwardTo: [IngestSecret.PrimaryUrl, IngestSecret.BackupUrl], Sfu);
        var standardEnv = standard["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => e!);
        var env = recorded["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => e!);

        Assert.Equal("stage-ingest", (string?)env["SFU_FORWARD_URL"]["valueFrom"]!["secretKeyRef"]!["name"]);
        Assert.Equal(IngestSecret.PrimaryUrl, (string?)env["SFU_FORWARD_URL"]["valueFrom"]!["secretKeyRef"]!["key"]);
        Assert.Equal("42000", (string?)env["AIRWAVE_Sfu__ForwardPort"]["value"]);
        Assert.False(env.ContainsKey("SFU_FORWARD_BACKUP_URL"));
        // A Standard channel's second pipeline gets the same push.
        Assert.Equal(IngestSecret.BackupUrl, (string?)standardEnv["SFU_FORWARD_BACKUP_URL"]["valueFrom"]!["secretKeyRef"]!["key"]);
        Assert.Equal(IngestSecret.PrimaryUrl, (string?)standardEnv["SFU_FORWARD_URL"]["valueFrom"]!["secretKeyRef"]!["key"]);
        Assert.NotEqual(AppliedObject.HashOf(SfuObjects.Deployment(Stream("stage"), 1, KeyDigest, forwardTo: [], Sfu)), AppliedObject.HashOf(recorded));
        Assert.NotEqual(AppliedObject.HashOf(standard), AppliedObject.HashOf(recorded));
    }

    [Fact]
    public void The_applied_hash_changes_with_what_the_pods_should_be_and_only_then()
    {
        var stream = Stream("stage");
        var one = AppliedObject.HashOf(SfuObjects.Deployment(stream, 1, KeyDigest, forwardTo: [], Sfu));

        Assert.Equal(one, AppliedObject.HashOf(SfuObjects.Deployment(stream, 1, KeyDigest, forwardTo: [], Sfu)));
        Assert.NotEqual(one, AppliedObject.HashOf(SfuObjects.Deployment(stream, 2, KeyDigest, forwardTo: [], Sfu)));
        Assert.NotEqual(one, AppliedObject.HashOf(SfuObjects.Deployment(stream, 1, KeyDigest, forwardTo: [], Sfu with { Image = "airwave/sfu:2.0.0" })));

        // A new publish key rolls the pods, which read it when they start.
        var rekeyed = SfuObjects.Deployment(stream, 1, new string('b', 64), forwardTo: [], Sfu);
        Assert.NotEqual(one, AppliedObject.HashOf(rekeyed));
        Assert.Equal("bbbbbbbbbbbbbbbb", (string?)rekeyed["spec"]!["template"]!["metadata"]!["annotations"]![SfuObjects.PublishKeyAnnotation]);
    }

    [Fact]
    public void A_pods_load_is_read_from_its_metrics_and_unknown_without_them()
    {
        const string metrics = """
            # HELP airwave_sfu_sessions The media engine's sessions.
            # TYPE airwave_sfu_sessions gauge
            airwave_sfu_sessions{otel_scope_name="Airwave.Sfu"} 21
            airwave_sfu_sessions_total 99
            # TYPE airwave_sfu_handles gauge
            airwave_sfu_handles 42
            """;

        Assert.Equal(new SfuLoad(21, 42), SfuPodLoad.Parse(metrics));
        Assert.Equal(new SfuLoad(21, 42, Draining: true), SfuPodLoad.Parse(metrics + "\nairwave_sfu_draining 1\n"));
        Assert.Equal(new SfuLoad(21, 42, Draining: false), SfuPodLoad.Parse(metrics + "\nairwave_sfu_draining 0\n"));
        Assert.True(SfuPodLoad.Parse(metrics + "\nairwave_sfu_publishing 1\n")!.Publishing);
        Assert.Null(SfuPodLoad.Parse("airwave_sfu_ready 1\n"));
    }

    [Fact]
    public void The_engines_keys_are_the_streams_own_and_change_with_its_uid_and_rotation()
    {
        var key = "the-installations-stream-key-of-32-bytes"u8.ToArray();
        var a = Stream("a");
        var again = a with { Metadata = a.Metadata with { Uid = "uid-of-a-applied-again" } };
        var secret = SfuObjects.Secret(a, Sfu, new SfuEngineKeys(StreamKeys.Derive(key, a, SfuObjects.RoomAdminKey, null), StreamKeys.Derive(key, a, SfuObjects.TurnSecret, null)));

        Assert.Equal(StreamKeys.Derive(key, a, SfuObjects.TurnSecret, null), secret.GetString(SfuObjects.TurnSecret));
        Assert.Matches("^[0-9a-f]{64}$", secret.GetString(SfuObjects.RoomAdminKey));
        Assert.NotEqual(secret.GetString(SfuObjects.RoomAdminKey), secret.GetString(SfuObjects.TurnSecret));
        Assert.NotEqual(StreamKeys.Derive(key, a, SfuObjects.TurnSecret, null), StreamKeys.Derive(key, Stream("b"), SfuObjects.TurnSecret, null));
        Assert.NotEqual(StreamKeys.Derive(key, a, SfuObjects.TurnSecret, null), StreamKeys.Derive(key, again, SfuObjects.TurnSecret, null));
        Assert.NotEqual(StreamKeys.Derive(key, a, IngestSecret.BearerToken, null), StreamKeys.Derive(key, a, IngestSecret.BearerToken, "leaked"));
        Assert.NotEqual(StreamKeys.Derive(key, a, SfuObjects.TurnSecret, null), StreamKeys.Derive("another-installations-key"u8.ToArray(), a, SfuObjects.TurnSecret, null));
        Assert.DoesNotContain(secret.GetString(SfuObjects.TurnSecret)!, secret.ToString(), StringComparison.Ordinal);
        Assert.Null(secret.GetString(SfuObjects.BroadcastKeyData));
    }

    [Fact]
    public void With_the_operators_broadcast_key_each_streams_pods_take_that_streams_key_and_no_other()
    {
        var shared = Sfu with { BroadcastKey = "the-key-the-operator-shares-with-signaling" };

        var stage = SfuObjects.Secret(Stream("stage"), shared, EngineKeys);
        var rehearsal = SfuObjects.Secret(Stream("rehearsal"), shared, EngineKeys);
        var env = SfuObjects.Deployment(Stream("stage"), replicas: 1, KeyDigest, forwardTo: [], shared)["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray();
        var without = SfuObjects.Deployment(Stream("stage"), replicas: 1, KeyDigest, forwardTo: [], Sfu)["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray();

        // What the signaling service works out from the same shared key for the same stream.
        Assert.Equal(BroadcastKey.ForStream("the-key-the-operator-shares-with-signaling", "team-a", "stage"), stage.GetString(SfuObjects.BroadcastKeyData));
        Assert.NotEqual(stage.GetString(SfuObjects.BroadcastKeyData), rehearsal.GetString(SfuObjects.BroadcastKeyData));
        Assert.DoesNotContain("the-key-the-operator-shares-with-signaling", stage.GetString(SfuObjects.BroadcastKeyData), StringComparison.Ordinal);
        var broadcastKey = env.Single(e => (string?)e!["name"] == "SFU_BROADCAST_KEY")!;
        Assert.Equal("sfu-stage", (string?)broadcastKey["valueFrom"]!["secretKeyRef"]!["name"]);
        Assert.Equal(SfuObjects.BroadcastKeyData, (string?)broadcastKey["valueFrom"]!["secretKeyRef"]!["key"]);
        Assert.DoesNotContain(without, e => (string?)e!["name"] == "SFU_BROADCAST_KEY");
    }

    private static LiveStream Stream(string name) => new()
    {
        ApiVersion = "media.airwave.dev/v1alpha1",
        Kind = "LiveStream",
        Metadata = new ObjectMeta { Name = name, Namespace = "team-a", Uid = $"uid-{name}" },
        Spec = new LiveStreamSpec { Source = new StreamSource { Type = SourceType.WebRtc, WebRtc = new WebRtcSource { MaxViewers = 250 } } },
    };
}
