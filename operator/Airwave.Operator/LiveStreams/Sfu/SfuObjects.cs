using System.Text.Json.Nodes;
using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.Ownership;
using Airwave.Kubernetes.Secrets;
using Airwave.Operator.Configuration;
using Airwave.Operator.Kubernetes;
using k8s.Models;
using static Airwave.Operator.Kubernetes.AppliedObject;

namespace Airwave.Operator.LiveStreams.Sfu;

/// <summary>
/// What a WebRtc stream's SFU pods are made of, built from the stream and the operator's SFU settings: a Secret of
/// the engine's keys, a Deployment of the pods, a headless Service and a NetworkPolicy for them, all named
/// sfu-&lt;stream&gt; and owned by the stream, so they go when it goes.
/// </summary>
public static class SfuObjects
{
    public const string RoomAdminKey = "roomAdminKey";
    public const string TurnSecret = "turnSecret";
    public const string Container = "sfu";

    private const string Component = "sfu";

    /// <summary>On a pod that is to leave: since when. It goes once its clients left or the drain timeout passed.</summary>
    public const string DrainingAnnotation = "media.airwave.dev/draining-since";

    /// <summary>Kubernetes' ranking of a ReplicaSet's pods for removal; a draining pod's is the lowest, so it is the one that goes.</summary>
    public const string DeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

    public const string DrainingDeletionCost = "-1000000";

    /// <summary>Where the pods take the targets they push the publisher's media to: the primary pipeline's, then the backup's.</summary>
    private static readonly string[] ForwardVariables = ["SFU_FORWARD_URL", "SFU_FORWARD_BACKUP_URL"];

    /// <summary>The SFU Secret's key holding the stream's broadcast key, with which the signaling service publishes.</summary>
    public const string BroadcastKeyData = "broadcastKey";

    /// <summary>spec.clusterIP of a headless Service: its name resolves to each ready pod's own address.</summary>
    private const string Headless = "None";

    /// <summary>On the pods' template: a digest of what the pods read from the ingest Secret (publish key, forward URL).</summary>
    public const string PublishKeyAnnotation = "media.airwave.dev/publish-key-digest";

    /// <summary>The objects' name (<see cref="SfuName"/>).</summary>
    public static string NameFor(LiveStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return SfuName.For(stream.Metadata.Name!);
    }

    public static IReadOnlyDictionary<string, string> Selector(LiveStream stream) => AppliedObject.Selector(stream, Component);

    /// <summary>
    /// The engine's keys (derived for the stream, see <see cref="StreamKeys"/>), and with the operator's broadcast key
    /// the stream's (<see cref="BroadcastKeyData"/>), which follows the setting.
    /// </summary>
    public static V1Secret Secret(LiveStream stream, SfuOptions sfu, SfuEngineKeys keys) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Type = SecretText.Opaque,
        Metadata = OwnerReferences.SetController(
            new V1ObjectMeta { Name = NameFor(stream), NamespaceProperty = stream.Metadata.Namespace, Labels = Labels(stream).ToDictionary() },
            AirwaveResources.LiveStreams,
            stream),
        Data = SecretText.Encode(SecretValues(stream, sfu, keys)),
    };

    /// <summary>What the SFU Secret holds; the pods read it when they start, so a change of it rolls them.</summary>
    public static IReadOnlyDictionary<string, string> SecretValues(LiveStream stream, SfuOptions sfu, SfuEngineKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var values = new Dictionary<string, string> { [RoomAdminKey] = keys.RoomAdminKey, [TurnSecret] = keys.TurnSecret };
        if (BroadcastKeyFor(stream, sfu) is { } key)
        {
            values[BroadcastKeyData] = key;
        }

        return values;
    }

    /// <summary>The stream's broadcast key, derived from the operator's (<see cref="SfuOptions.BroadcastKey"/>); null without one.</summary>
    public static string? BroadcastKeyFor(LiveStream stream, SfuOptions sfu)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sfu);
        return sfu.BroadcastKey is { } shared ? BroadcastKey.ForStream(shared, stream.Metadata.Namespace!, stream.Metadata.Name!) : null;
    }

    /// <summary>The Deployment as server-side apply takes it: every field the operator owns, and nothing else.</summary>
    /// <remarks>
    /// The pods read the publish key from the stream's ingest Secret when they start, and the keys of it named in
    /// <paramref name="forwardTo"/>: the stream's MediaLive input URLs with their stream key (one per pipeline), to
    /// push the publisher's media into; <paramref name="publishKeyDigest"/> in their template makes a change of any of
    /// them (a rotated or re-made Secret) roll them.
    /// </remarks>
    public static JsonObject Deployment(LiveStream stream, int replicas, string publishKeyDigest, IReadOnlyList<string> forwardTo, SfuOptions sfu)
    {
        ArgumentNullException.ThrowIfNull(sfu);
        var name = NameFor(stream);
        var env = ContainerEnvironment(stream, name, forwardTo, sfu);
        var container = new JsonObject
        {
            ["name"] = Container,
            ["image"] = sfu.Image,
            ["ports"] = new JsonArray(
                Port("api", sfu.ApiPort, "TCP"),
                Port("management", sfu.ManagementPort, "TCP"),
                Port("turn", sfu.TurnPort, "UDP")),
            ["env"] = env,
            ["readinessProbe"] = new JsonObject
            {
                ["httpGet"] = new JsonObject { ["path"] = "/readyz", ["port"] = "management" },
                ["periodSeconds"] = 2,
            },
            ["livenessProbe"] = new JsonObject
            {
                ["httpGet"] = new JsonObject { ["path"] = "/healthz", ["port"] = "management" },
                ["periodSeconds"] = 10,
                ["failureThreshold"] = 3,
            },
            ["resources"] = new JsonObject
            {
                ["requests"] = new JsonObject { ["cpu"] = sfu.CpuRequest, ["memory"] = sfu.MemoryRequest },
                ["limits"] = new JsonObject { ["memory"] = sfu.MemoryLimit },
            },
        };

        return AppliedObject.For(stream, name, Labels(stream), "apps/v1", "Deployment", new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = Json(Selector(stream)) },

            // A new pod takes viewers before an old one goes: an update never leaves the stream without a ready pod.
            ["strategy"] = new JsonObject
            {
                ["type"] = "RollingUpdate",
                ["rollingUpdate"] = new JsonObject { ["maxSurge"] = 1, ["maxUnavailable"] = 0 },
            },
            // The engine writes its configuration under /tmp (SfuSettings.ConfigFolder).
            ["template"] = PodTemplate(Labels(stream), new JsonObject { [PublishKeyAnnotation] = publishKeyDigest[..16] }, container),
        });
    }

    /// <summary>
    /// The SFU container's environment: its ports, the keys it takes from the stream's Secrets, private viewing, the
    /// peers it relays to, and the ingest URLs it forwards a recorded stream to.
    /// </summary>
    private static JsonArray ContainerEnvironment(LiveStream stream, string name, IReadOnlyList<string> forwardTo, SfuOptions sfu)
    {
        var env = new JsonArray(
            Env("AIRWAVE_Sfu__ApiPort", sfu.ApiPort),
            Env("AIRWAVE_Sfu__EnginePort", sfu.EnginePort),
            Env("AIRWAVE_Sfu__ManagementPort", sfu.ManagementPort),
            Env("AIRWAVE_Sfu__AdminPort", sfu.AdminPort),
            Env("AIRWAVE_Sfu__TurnPort", sfu.TurnPort),
            Env("AIRWAVE_Sfu__MediaPorts", sfu.MediaPorts),
            Env("AIRWAVE_Sfu__RelayPorts", sfu.RelayPorts),

            // The TURN server relays only to the pod's own address, where the engine is.
            FieldEnv("AIRWAVE_Sfu__PodAddress", "status.podIP"),
            SecretEnv("SFU_ROOM_ADMIN_KEY", name, RoomAdminKey),
            SecretEnv("SFU_TURN_SECRET", name, TurnSecret),
            SecretEnv("SFU_PUBLISH_KEY", IngestSecret.NameFor(stream), IngestSecret.BearerToken));
        // Added as JsonNode: JsonArray.Add of a JsonObject would pick the generic overload, which reflects.
        if (sfu.BroadcastKey is not null)
        {
            env.Add((JsonNode)SecretEnv("SFU_BROADCAST_KEY", name, BroadcastKeyData));
        }

        if (stream.Spec.Source.WebRtc?.Private == true)
        {
            env.Add((JsonNode)Env("AIRWAVE_Sfu__PrivateViewing", "true"));
        }

        if (sfu.PeersHost.Length > 0)
        {
            // The stream's other ready pods, which the publisher's pod relays it to (the headless Service's name).
            env.Add((JsonNode)Env("AIRWAVE_Sfu__PeersHost", sfu.PeersHost.Replace("{service}", name, StringComparison.Ordinal).Replace("{namespace}", stream.Metadata.Namespace, StringComparison.Ordinal)));
        }

        ArgumentNullException.ThrowIfNull(forwardTo);
        if (forwardTo.Count > 0)
        {
            env.Add((JsonNode)Env("AIRWAVE_Sfu__ForwardPort", sfu.ForwardPort));
        }

        foreach (var (variable, key) in ForwardVariables.Zip(forwardTo))
        {
            env.Add((JsonNode)SecretEnv(variable, IngestSecret.NameFor(stream), key));
        }

        return env;
    }

    /// <summary>
    /// The headless Service: its name resolves to each ready pod's own address, since a publisher or viewer talks to
    /// one pod (its room, its TURN server), never to whichever one a virtual IP would pick.
    /// </summary>
    public static JsonObject Service(LiveStream stream, SfuOptions sfu)
    {
        ArgumentNullException.ThrowIfNull(sfu);
        return AppliedObject.For(stream, NameFor(stream), Labels(stream), "v1", "Service", new JsonObject
        {
            ["clusterIP"] = Headless,
            ["selector"] = Json(Selector(stream)),
            ["ports"] = new JsonArray(
                new JsonObject { ["name"] = "api", ["port"] = sfu.ApiPort, ["targetPort"] = "api", ["protocol"] = "TCP" },
                new JsonObject { ["name"] = "turn", ["port"] = sfu.TurnPort, ["targetPort"] = "turn", ["protocol"] = "UDP" }),
        });
    }

    /// <summary>
    /// The pods' NetworkPolicy, of their name, when the operator knows its API callers: the API port (WHIP, WHEP,
    /// relays) takes the signaling service's pods and the stream's own; the management port (probes, the operator's
    /// load reads and drains, which carry a key, and metrics scrapers) and every UDP port (media, TURN, relays, from
    /// viewers anywhere) stay open. Egress is left alone: the pods push to MediaLive and reach their peers.
    /// </summary>
    public static JsonObject? IngressPolicy(LiveStream stream, SfuOptions sfu)
    {
        ArgumentNullException.ThrowIfNull(sfu);
        if (sfu.ApiCallers is not { } callers)
        {
            return null;
        }

        var signaling = new JsonObject
        {
            ["namespaceSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["kubernetes.io/metadata.name"] = callers.Namespace } },
            ["podSelector"] = new JsonObject { ["matchLabels"] = Json(callers.PodLabels) },
        };
        var peers = new JsonObject { ["podSelector"] = new JsonObject { ["matchLabels"] = Json(Selector(stream)) } };
        return AppliedObject.For(stream, NameFor(stream), Labels(stream), "networking.k8s.io/v1", "NetworkPolicy", new JsonObject
        {
            ["podSelector"] = new JsonObject { ["matchLabels"] = Json(Selector(stream)) },
            ["policyTypes"] = new JsonArray("Ingress"),
            ["ingress"] = new JsonArray(
                new JsonObject { ["from"] = new JsonArray(signaling, peers), ["ports"] = new JsonArray(new JsonObject { ["protocol"] = "TCP", ["port"] = sfu.ApiPort }) },
                new JsonObject { ["ports"] = new JsonArray(new JsonObject { ["protocol"] = "TCP", ["port"] = sfu.ManagementPort }) },
                new JsonObject { ["ports"] = new JsonArray(new JsonObject { ["protocol"] = "UDP" }) }),
        });
    }

    private static IReadOnlyDictionary<string, string> Labels(LiveStream stream) => AppliedObject.Labels(stream, Component, "airwave-sfu");

    private static JsonObject Port(string name, int port, string protocol) =>
        new() { ["name"] = name, ["containerPort"] = port, ["protocol"] = protocol };
}

/// <summary>The keys of a stream's SFU engine: the operator's to manage rooms, and the TURN server's shared secret.</summary>
public sealed record SfuEngineKeys(string RoomAdminKey, string TurnSecret);
