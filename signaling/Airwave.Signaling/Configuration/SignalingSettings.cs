using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using Airwave.Configuration;
using Airwave.Signaling.Storage;

namespace Airwave.Signaling.Configuration;

/// <summary>How the signaling service listens and where it keeps its state (section Signaling).</summary>
public sealed record SignalingSettings : ISettingsSection<SignalingSettings>
{
    public static JsonTypeInfo<SignalingSettings> JsonType => SignalingSettingsJson.Default.SignalingSettings;

    /// <summary>The bearer token of the admin API; without it the admin API refuses every request.</summary>
    public const string AdminTokenVariable = "SIGNALING_ADMIN_TOKEN";

    /// <summary>The TURN server's shared secret (coturn's static-auth-secret), from which per-session credentials are made.</summary>
    public const string TurnSecretVariable = "SIGNALING_TURN_SECRET";

    /// <summary>The public port: the WebSocket, the embed script and the sites' REST API.</summary>
    public int PublicPort { get; init; } = 8080;

    /// <summary>The cluster-internal port: the admin API, /healthz, /readyz and /metrics.</summary>
    public int ManagementPort { get; init; } = 9090;

    public string BindAddress { get; init; } = "0.0.0.0";

    /// <summary>
    /// The networks of the proxies in front of the service (an Ingress controller's pods, a load balancer), as CIDRs:
    /// a connection from one of them is counted as the client address it puts last in X-Forwarded-For. Loopback is
    /// always trusted. Without the right ones, every page behind the proxy shares the proxy's address.
    /// </summary>
    public IReadOnlyList<string> TrustedProxies { get; init; } = [];

    public DatabaseSettings Database { get; init; } = new();

    /// <summary>The chart's sites file (JSON, see <see cref="Sites.SitesFile"/>); empty: sites come from the admin API only.</summary>
    public string SitesFile { get; init; } = "";

    public SessionSettings Sessions { get; init; } = new();

    public IceSettings Ice { get; init; } = new();

    public SfuRouteSettings Sfu { get; init; } = new();

    public ViewReportSettings Views { get; init; } = new();
}

/// <summary>How WHIP requests reach the SFU pods of WebRtc streams (section Signaling:Sfu).</summary>
public sealed record SfuRouteSettings
{
    /// <summary>
    /// The host name whose addresses are a stream's ready SFU pods: the DNS name of its headless Service, where
    /// {service} and {namespace} stand for the stream's.
    /// </summary>
    public string PodsHost { get; init; } = "{service}.{namespace}.svc.cluster.local";

    /// <summary>The pods' API port (the operator's Operator:Sfu:ApiPort).</summary>
    public int ApiPort { get; init; } = 8088;

    /// <summary>How long a pod has to answer; its engine answers an offer once it has gathered its candidates.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// New WHIP and WHEP sessions one client address may open a minute (at once, then as the minute passes); more are
    /// answered 429. Generous, as many viewers behind one NAT move to WHEP together when their broadcast does.
    /// </summary>
    public int NewSessionsPerAddressPerMinute { get; init; } = 120;

    /// <summary>
    /// The key the service shares with the operator (the operator's Operator:Sfu:BroadcastKey), from which each WebRtc
    /// stream's broadcast key is derived: with it the service publishes sites' broadcasts into streams' SFU pods on
    /// their pages' behalf. At least 32 characters; unset, broadcasts stay peer-to-peer.
    /// </summary>
    public string? BroadcastKey { get; init; }

    /// <summary>Whether the service has the key it shares with the operator, without which it grants nothing.</summary>
    public bool Grants => BroadcastKey is { Length: >= Api.LiveStreams.BroadcastKey.MinimumSharedKeyLength };

    /// <summary>The key grants of one purpose are signed with, derived from the shared one: a grant is never another kind's, nor a stream's key.</summary>
    public byte[] GrantSigningKey(ReadOnlySpan<byte> purpose) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(BroadcastKey!), purpose);
}

/// <summary>How long sessions wait for their pages, and what a page may send.</summary>
/// <summary>How viewers' pages report their views (section <c>Signaling:Views</c>).</summary>
public sealed record ViewReportSettings
{
    /// <summary>Events one <c>view</c> frame may carry; a page sends a second's worth at a time.</summary>
    public int MaxEventsPerFrame { get; init; } = 50;

    /// <summary>
    /// Whether viewers' addresses are truncated before they leave the service (in events): IPv4 to its /24, IPv6 to
    /// its /48, so a view is placed without naming the household.
    /// </summary>
    public bool TruncateAddresses { get; init; }
}

public sealed record SessionSettings
{
    /// <summary>How often pages send heartbeats (told to them in the welcome frame).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a broadcast waits for its page to come back (a refresh) before it ends.</summary>
    public TimeSpan ResumeGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest gap between heartbeats that still counts as broadcast time. Browsers slow the timers of background
    /// tabs (to once a minute in Chromium), so it is well above that; a page silent for longer has ended.
    /// </summary>
    public TimeSpan LongestHeartbeatGap { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Larger frames are refused with an error frame. An SDP offer is a few kilobytes.</summary>
    public int MaxMessageBytes { get; init; } = 64 * 1024;

    /// <summary>Frames a connection may send per second, on average; more are dropped with an error frame.</summary>
    public int MessagesPerSecond { get; init; } = 50;

    /// <summary>Frames a connection may send at once (ICE candidates come in bursts).</summary>
    public int MessageBurst { get; init; } = 100;

    /// <summary>How many users' presence one connection may follow (subscribe frames add up); more are refused.</summary>
    public int MaxSubscriptions { get; init; } = 1000;

    /// <summary>How long a new socket may stay without its hello frame before it is closed; the embed script says it at once.</summary>
    public TimeSpan HelloTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Sockets one client address may hold open at once; more are refused with 429. Generous, as one office or
    /// household behind a NAT shares an address.
    /// </summary>
    public int MaxSocketsPerAddress { get; init; } = 200;

    /// <summary>How long a viewer the broadcaster refused waits before asking that broadcast again, so that it cannot flood the broadcaster with requests.</summary>
    public TimeSpan RefusalCooldown { get; init; } = TimeSpan.FromMinutes(1);
}

/// <summary>The ICE servers pages are given.</summary>
public sealed record IceSettings
{
    /// <summary>STUN servers, such as stun:stun.example.net:3478.</summary>
    public IReadOnlyList<string> StunUrls { get; init; } = [];

    /// <summary>TURN servers, such as turn:turn.example.net:3478?transport=udp; used with SIGNALING_TURN_SECRET.</summary>
    public IReadOnlyList<string> TurnUrls { get; init; } = [];

    /// <summary>How long a minted TURN credential is valid.</summary>
    public TimeSpan TurnCredentialLifetime { get; init; } = TimeSpan.FromHours(1);
}

public sealed record DatabaseSettings
{
    /// <summary>Sqlite (one replica) or PostgreSql (production, and any number of replicas).</summary>
    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;

    /// <summary>The provider's connection string: for SQLite "Data Source=/path/signaling.db", for PostgreSQL "Host=...;Database=...;Username=...".</summary>
    public string ConnectionString { get; init; } = "Data Source=signaling.db";
}
