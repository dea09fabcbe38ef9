using System.Net;
using System.Text.Json.Serialization.Metadata;
using Airwave.Configuration;

namespace Airwave.Sfu.Configuration;

/// <summary>How an SFU pod runs its media engine (section Sfu; AIRWAVE_Sfu__* in the pod's environment).</summary>
public sealed record SfuSettings : ISettingsSection<SfuSettings>
{
    public static JsonTypeInfo<SfuSettings> JsonType => SfuSettingsJson.Default.SfuSettings;

    /// <summary>The VideoRoom plugin's admin key (creating and destroying rooms needs it), from the pod's Secret.</summary>
    public const string RoomAdminKeyVariable = "SFU_ROOM_ADMIN_KEY";

    /// <summary>
    /// The TURN server's shared secret (coturn's static-auth-secret; the signaling service mints viewers' credentials
    /// from it), from the pod's Secret. Set, the pod's media goes through its one TURN port.
    /// </summary>
    public const string TurnSecretVariable = "SFU_TURN_SECRET";

    /// <summary>
    /// The key a publisher presents as its WHIP bearer token, from the pod's Secret; the stream's ingest Secret gives
    /// it to the stream's owner. Unset, the pod takes no publisher.
    /// </summary>
    public const string PublishKeyVariable = "SFU_PUBLISH_KEY";

    /// <summary>
    /// A second key WHIP takes, the signaling service's for this stream (derived from the key the operator and the
    /// signaling service share), with which a site's broadcast that outgrew peer-to-peer publishes here. Unset, only
    /// the publish key is taken.
    /// </summary>
    public const string BroadcastKeyVariable = "SFU_BROADCAST_KEY";

    /// <summary>
    /// Where the pod sends the stream's published media on, as RTMP with its key (rtmp://host/app/key: the stream's
    /// MediaLive input), from the stream's ingest Secret. Unset, the media goes to viewers alone.
    /// </summary>
    public const string ForwardUrlVariable = "SFU_FORWARD_URL";

    /// <summary>With a forward URL, a second target pushed to at the same time (a Standard channel's backup pipeline).</summary>
    public const string ForwardBackupUrlVariable = "SFU_FORWARD_BACKUP_URL";

    /// <summary>The VideoRoom room the pod makes at start for its stream: one stream per pod, so one room.</summary>
    public const long Room = 1;

    /// <summary>
    /// The pod's API, which the signaling service calls: WHIP, where the stream's publisher sends its offer, and WHEP,
    /// where viewers get the engine's.
    /// </summary>
    public int ApiPort { get; init; } = 8088;

    /// <summary>The engine's own Janus API (HTTP), on 127.0.0.1 only: the pod's API calls it. 0: a free port, picked at start.</summary>
    public int EnginePort { get; init; } = 8188;

    /// <summary>/healthz, /readyz and /metrics.</summary>
    public int ManagementPort { get; init; } = 9090;

    /// <summary>The engine's admin API, on 127.0.0.1 only: this process reads the engine's load from it. 0: a free port, picked at start.</summary>
    public int AdminPort { get; init; } = 7088;

    public string BindAddress { get; init; } = "0.0.0.0";

    /// <summary>The UDP ports the engine uses, one per peer connection, as first-last (e.g. 40000-40099).</summary>
    public string MediaPorts { get; init; } = "40000-40099";

    /// <summary>
    /// With a TURN secret, the one UDP port publishers and viewers send media to: the pod's TURN server relays it to
    /// the engine's ports inside the pod, so only this port needs to be reachable from outside.
    /// </summary>
    public int TurnPort { get; init; } = 3478;

    /// <summary>The TURN server's relay ports, inside the pod only (first-last).</summary>
    public string RelayPorts { get; init; } = "41000-41099";

    /// <summary>The pod's own address (status.podIP): the TURN server relays from it, and only to it (the engine).</summary>
    public string PodAddress { get; init; } = "";

    /// <summary>
    /// Whether the pod shares the machine's network with other pods, on an address of its own on the loopback network
    /// (the sandbox's pods, which have no network namespace): it then listens on that address alone, so that the
    /// stream's pods and other streams' do not collide on a port. The engine binds only the addresses of the machine's
    /// interfaces, so its media ports stay on 127.0.0.1 (it picks free ones from the range), and its Janus and admin
    /// APIs too: such pods are given 0 for their ports (<see cref="WithEnginePortsPicked"/>).
    /// </summary>
    public bool SharesLoopback => IPAddress.TryParse(PodAddress, out var pod) && IPAddress.IsLoopback(pod) && !pod.Equals(IPAddress.Loopback);

    /// <summary>Where the API and management ports listen: <see cref="BindAddress"/>, or the pod's address when it <see cref="SharesLoopback"/>.</summary>
    public string ListenAddress => SharesLoopback ? PodAddress : BindAddress;

    /// <summary>Where the engine forwards the publisher's media to ffmpeg: 127.0.0.1, or the pod's address when it <see cref="SharesLoopback"/>.</summary>
    public string ForwardAddress => SharesLoopback ? PodAddress : "127.0.0.1";

    /// <summary>The address of the engine's media ports, the one the TURN server relays to: the pod's, or 127.0.0.1 when it <see cref="SharesLoopback"/>.</summary>
    public string MediaAddress => SharesLoopback ? "127.0.0.1" : PodAddress;

    /// <summary>These settings, with a free port of 127.0.0.1 for <see cref="EnginePort"/> and <see cref="AdminPort"/> where they are 0.</summary>
    public SfuSettings WithEnginePortsPicked() => this with
    {
        EnginePort = EnginePort == 0 ? FreeLoopbackPort() : EnginePort,
        AdminPort = AdminPort == 0 ? FreeLoopbackPort() : AdminPort,
    };

    // The engine binds the port a moment later; another process taking it in between is unlikely, and then the engine
    // fails to start and the pod restarts.
    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public string TurnServerPath { get; init; } = "/usr/bin/turnserver";

    /// <summary>
    /// The DNS name of the stream's headless Service (sfu-&lt;stream&gt;.&lt;namespace&gt;.svc), which resolves to
    /// the stream's ready pods: the pod that has the publisher relays it to each of the others, so that viewers can
    /// watch on any of them. Needs <see cref="PodAddress"/>. Empty: the pod relays to none.
    /// </summary>
    public string PeersHost { get; init; } = "";

    /// <summary>
    /// How long a publisher relayed from another pod stays without being renewed (its pod renews it every third of
    /// this): one whose pod went away is removed then, and its viewers here see it leave.
    /// </summary>
    public TimeSpan RelayLease { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether the stream is private: a new WHEP session needs the signaling service's word that the viewer's grant or
    /// viewer token was taken, besides the broadcast key.
    /// </summary>
    public bool PrivateViewing { get; init; }

    /// <summary>The address viewers reach the pod's media ports at, when not the pod's own (a node's public address).</summary>
    public string? PublicAddress { get; init; }

    /// <summary>
    /// The network interfaces whose addresses the engine offers as candidates (e.g. eth0); empty: every interface.
    /// Name the pod's own where it has more than one.
    /// </summary>
    public IReadOnlyList<string> IceInterfaces { get; init; } = [];

    /// <summary>
    /// With a forward URL, the first of four UDP ports on 127.0.0.1 the engine forwards the publisher's RTP to for ffmpeg
    /// (audio, its RTCP, video, its RTCP).
    /// </summary>
    public int ForwardPort { get; init; } = 42000;

    /// <summary>
    /// How often the publisher is asked for a keyframe: a viewer whose losses were not repaired (a browser asks for one
    /// itself, not every client does) sees the picture again by the next one.
    /// </summary>
    public TimeSpan KeyframeInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>With a forward URL, how often the publisher is asked for a keyframe instead (forwarded media decodes from one).</summary>
    public TimeSpan ForwardKeyframeInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The ffmpeg that transcodes forwarded media to H.264 and AAC and pushes it over RTMP.</summary>
    public string FfmpegPath { get; init; } = "/usr/bin/ffmpeg";

    /// <summary>The engine's executable (Debian's and Ubuntu's janus package).</summary>
    public string JanusPath { get; init; } = "/usr/bin/janus";

    /// <summary>The engine's module folders; empty: the package's, under /usr/lib/&lt;architecture&gt;/janus.</summary>
    public string PluginsFolder { get; init; } = "";

    public string TransportsFolder { get; init; } = "";

    /// <summary>Where the engine's configuration is written (a writable emptyDir under a read-only root).</summary>
    public string ConfigFolder { get; init; } = "/tmp/airwave-sfu";

    /// <summary>How long the engine gets to end its sessions after SIGTERM before it is killed.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The engine's log level, 0 (none) to 7; 4 logs what an operator needs.</summary>
    public int EngineLogLevel { get; init; } = 4;
}
