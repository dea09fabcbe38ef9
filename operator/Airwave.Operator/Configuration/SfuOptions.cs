namespace Airwave.Operator.Configuration;

/// <summary>
/// The SFU pods that carry WebRtc streams (section Operator:Sfu): their image, how many viewers one pod takes, and the
/// ports its engine listens on. Every WebRtc stream gets a Deployment of these pods and a headless Service for them.
/// </summary>
public sealed record SfuOptions
{
    /// <summary>The airwave-sfu image (the Dockerfile's sfu target): the media engine and its supervisor.</summary>
    public string Image { get; init; } = "airwave/sfu:0.1.0";

    /// <summary>
    /// Viewers one pod takes: a stream runs at most ceil(maxViewers / viewersPerPod) pods. 100 viewers of a 1 Mbit/s
    /// stream take about half a core, the pods' CPU request; measure it for your nodes with the SFU benchmark
    /// (README, Benchmarks).
    /// </summary>
    public int ViewersPerPod { get; init; } = 100;

    /// <summary>A stream gets another pod when its viewers fill its pods to this share of viewersPerPod.</summary>
    public double ScaleUpAt { get; init; } = 0.8;

    /// <summary>A stream drains a pod when its viewers would fill one pod fewer to at most this share of viewersPerPod.</summary>
    public double ScaleDownAt { get; init; } = 0.5;

    /// <summary>The longest a draining pod waits for its viewers to leave before it goes anyway.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The pod's API, which the signaling service calls: WHIP for the stream's publisher, WHEP for its viewers.</summary>
    public int ApiPort { get; init; } = 8088;

    /// <summary>The engine's own Janus API, on the pod's loopback only; 0: a free port the pod picks (pods that share a network).</summary>
    public int EnginePort { get; init; } = 8188;

    /// <summary>/healthz, /readyz and /metrics (the pod's load, which the operator reads into status).</summary>
    public int ManagementPort { get; init; } = 9090;

    /// <summary>The engine's admin API, on the pod's loopback only; 0: a free port the pod picks (pods that share a network).</summary>
    public int AdminPort { get; init; } = 7088;

    /// <summary>The one UDP port publishers and viewers send media to (the pod's TURN server).</summary>
    public int TurnPort { get; init; } = 3478;

    /// <summary>The engine's UDP ports inside the pod, one per peer connection (first-last).</summary>
    public string MediaPorts { get; init; } = "40000-40099";

    /// <summary>The TURN server's relay ports inside the pod (first-last).</summary>
    public string RelayPorts { get; init; } = "41000-41099";

    /// <summary>
    /// For a recorded or live WebRtc stream, the first of four UDP ports on the pod's loopback that the engine forwards
    /// the publisher's media to, for the ffmpeg that pushes it into the stream's MediaLive input.
    /// </summary>
    public int ForwardPort { get; init; } = 42000;

    /// <summary>
    /// For a recorded or live WebRtc stream, the addresses its SFU pods reach MediaLive from (the cluster's NAT
    /// gateways): its input's security group allows these. Unset: the operator's defaultAllowedCidrs.
    /// </summary>
    public IReadOnlyList<string>? EgressCidrs { get; init; }

    /// <summary>
    /// The DNS name a stream's pods find each other at, {service} and {namespace} replaced: the pod that has the
    /// publisher relays it to the others, so that viewers watch on any of them. Empty: pods do not relay (a stream's
    /// viewers then all go to the publisher's pod).
    /// </summary>
    public string PeersHost { get; init; } = "{service}.{namespace}.svc";

    /// <summary>
    /// The key the operator shares with the signaling service (its Signaling:Sfu:BroadcastKey), at least 32
    /// characters: each WebRtc stream's pods get a key derived from it (<see cref="Airwave.Api.LiveStreams.BroadcastKey"/>),
    /// with which the signaling service publishes a site's broadcast into them once it outgrows peer-to-peer. Unset:
    /// only the stream's own publisher (its ingest Secret's bearer token) publishes.
    /// </summary>
    public string? BroadcastKey { get; init; }

    /// <summary>
    /// The pods that may call the SFU pods' API port (WHIP and WHEP) besides the stream's own pods: the signaling
    /// service's, which the chart names. Set, each stream's pods get a NetworkPolicy that lets only them in on that
    /// port, so no pod of the cluster watches or publishes past the signaling service's checks. Unset: no policy.
    /// </summary>
    public SfuApiCallers? ApiCallers { get; init; }

    /// <summary>How often a running WebRtc stream's pods are looked at: readiness and load in status.</summary>
    public TimeSpan LoadInterval { get; init; } = TimeSpan.FromSeconds(15);

    public string CpuRequest { get; init; } = "500m";

    public string MemoryRequest { get; init; } = "256Mi";

    public string MemoryLimit { get; init; } = "1Gi";

    /// <summary>
    /// The signaling service's public URL (https://live.example.com): a WebRtc stream's publisher sends its WHIP offer
    /// to &lt;it&gt;/whip/v1/&lt;namespace&gt;/&lt;stream&gt;. Unset, streams get no WHIP URL.
    /// </summary>
    public Uri? SignalingUrl { get; init; }

    /// <summary>Where a stream's publisher sends its WHIP offer; null when no signaling URL is set.</summary>
    public Uri? WhipUrlFor(string ns, string stream) => UrlFor("whip", ns, stream);

    /// <summary>Where a stream's viewers watch it over WHEP; null when no signaling URL is set.</summary>
    public Uri? WhepUrlFor(string ns, string stream) => UrlFor("whep", ns, stream);

    private Uri? UrlFor(string protocol, string ns, string stream) =>
        SignalingUrl is null ? null : new Uri($"{SignalingUrl.ToString().TrimEnd('/')}/{protocol}/v1/{Uri.EscapeDataString(ns)}/{Uri.EscapeDataString(stream)}");

    /// <summary>The most pods a stream of <paramref name="maxViewers"/> viewers runs.</summary>
    public int PodsFor(int maxViewers) => Math.Max(1, (maxViewers + ViewersPerPod - 1) / ViewersPerPod);
}

/// <summary>
/// The pods allowed to call the SFU pods' API port: a namespace and the labels of its pods. Settable, since its
/// default is null: binding makes one and keeps what it does not configure.
/// </summary>
public sealed record SfuApiCallers
{
    public string Namespace { get; set; } = "";

    public IReadOnlyDictionary<string, string> PodLabels { get; set; } = new Dictionary<string, string>();
}
