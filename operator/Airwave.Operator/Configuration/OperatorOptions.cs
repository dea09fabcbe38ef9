using System.Text.Json.Serialization.Metadata;
using Airwave.Api.Validation;
using Airwave.Configuration;

namespace Airwave.Operator.Configuration;

/// <summary>How this operator installation is set up: its identity and the AWS resources streams share.</summary>
public sealed record OperatorOptions : ISettingsSection<OperatorOptions>
{
    public static JsonTypeInfo<OperatorOptions> JsonType => OperatorSettingsJson.Default.OperatorOptions;

    /// <summary>
    /// Names this installation in the tags of every AWS resource, so several installations can share an account.
    /// Unset: the name the operator made for it (<see cref="Kubernetes.InstallationName"/>).
    /// </summary>
    public string? ClusterName { get; init; }

    /// <summary>The IAM role MediaLive channels assume to write to MediaPackage and S3.</summary>
    public string MediaLiveRoleArn { get; init; } = string.Empty;

    /// <summary>The bucket archives go to when a stream names none.</summary>
    public string? ArchiveBucket { get; init; }

    /// <summary>
    /// Buckets a stream may name in spec.archive.bucket besides <see cref="ArchiveBucket"/>: names, or patterns in
    /// which * stands for any run of characters (team-*-archive). Unset: only <see cref="ArchiveBucket"/>.
    /// </summary>
    public IReadOnlyList<string>? AllowedArchiveBuckets { get; init; }

    /// <summary>The buckets streams and splits may use, from the settings above.</summary>
    public BucketPolicy Buckets => new(ArchiveBucket, AllowedArchiveBuckets ?? [], ClipBucket);

    /// <summary>
    /// At most this many channels of one namespace may run at once (starting and stopping ones count); a stream over
    /// it waits, Idle, until one stops. Unset: no limit.
    /// </summary>
    public int? MaxRunningChannelsPerNamespace { get; init; }

    /// <summary>
    /// Each namespace's own limits where they differ from the installation's (by namespace name): set by whoever
    /// installs Airwave, never by the namespace's tenants. Null rather than an empty default, as for lists.
    /// </summary>
    public IReadOnlyDictionary<string, NamespaceBudget>? Budgets { get; init; }

    /// <summary>The most channels a namespace may run at once, and the setting that says so; null for no limit.</summary>
    public ChannelLimit? ChannelLimitFor(string ns) => ChannelLimit.For(ns, MaxRunningChannelsPerNamespace, Budgets);

    /// <summary>
    /// The most a namespace's streams may cost in a calendar month (UTC), in estimated US dollars from the price table:
    /// starts past it are refused and wait, and running streams are reported (or stopped, with
    /// <see cref="StopAtMonthlySpendLimit"/>). Unset: no limit.
    /// </summary>
    public decimal? MaxMonthlySpendUsdPerNamespace { get; init; }

    /// <summary>Whether a namespace's running streams are stopped once its monthly spend limit is reached, where its budget does not say.</summary>
    public bool StopAtMonthlySpendLimit { get; init; }

    /// <summary>The most a namespace may spend in a month, and the setting that says so; null for no limit.</summary>
    public SpendLimit? SpendLimitFor(string ns) => SpendLimit.For(ns, MaxMonthlySpendUsdPerNamespace, StopAtMonthlySpendLimit, Budgets);

    /// <summary>
    /// Streams that set no spec.idleStopAfter are stopped once their input has had no video this long (at least a
    /// minute). Unset: they run until asked to stop.
    /// </summary>
    public TimeSpan? IdleStopAfter { get; init; }

    /// <summary>The CloudFront distribution that serves streams with spec.live: true.</summary>
    public string? LiveDistributionId { get; init; }

    /// <summary>
    /// Where viewers reach the live distribution, when not at https:// and its CloudFront domain name: one of its
    /// alternate domain names (https://live.example.com). Live URLs are this followed by the stream's path.
    /// </summary>
    public Uri? LivePlaybackBaseUrl { get; init; }

    /// <summary>
    /// The CloudFront key group the live distribution trusts for LiveStreams with spec.playback.policy Signed: the one
    /// whose public key pairs with the private key in Secret <c>airwave-cloudfront-playback-key</c>, with which the
    /// webhook service signs viewers' requests. Unset: Signed streams are refused before anything is made.
    /// </summary>
    public string? PlaybackKeyGroupId { get; init; }

    /// <summary>
    /// The namespaces whose resources this operator manages, each watched on its own (what namespaced Roles allow);
    /// empty manages every namespace.
    /// </summary>
    public IReadOnlyList<string> WatchNamespaces { get; init; } = [];

    /// <summary>The namespaces whose app backends start and stop upload streams with an API key (<see cref="Airwave.Api.LiveStreams.StreamApiKeySecret"/>), made when the operator starts.</summary>
    public IReadOnlyList<string> StreamApiKeyNamespaces { get; init; } = [];

    /// <summary>
    /// The Deployment (namespace/name) that grants this operator its writes in each namespace holding Airwave
    /// objects, in a cluster-wide install; streams wait for it, naming it. Unset: the operator's writes are granted
    /// where it works (watchNamespaces, or an account that may write everywhere).
    /// </summary>
    public string? NamespaceAccessController { get; init; }

    /// <summary>
    /// Who may push to a stream that names no spec.source.rtmpPush.allowedCidrs; unset means 0.0.0.0/0 (any address).
    /// </summary>
    public IReadOnlyList<string>? DefaultAllowedCidrs { get; init; }

    /// <summary>The CIDR blocks a stream that names none is open to.</summary>
    public IReadOnlyList<string> IngestCidrsFor(IReadOnlyList<string>? allowed) => allowed ?? DefaultAllowedCidrs ?? ["0.0.0.0/0"];

    /// <summary>
    /// How long (0–300 s) a broadcast to IVS may drop and come back into the same recording: a session's recording is
    /// one, and it is complete (an ArchiveSplit can cut it) this long after the broadcast ended.
    /// </summary>
    public int IvsRecordingReconnectWindowSeconds { get; init; } = 60;

    /// <summary>How many streams are reconciled at once (one stream is never reconciled twice at once).</summary>
    public int MaxConcurrentReconciles { get; init; } = 4;

    /// <summary>How soon to look again while AWS moves a resource between states.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a settled stream is compared with AWS again, to repair drift.</summary>
    public TimeSpan ResyncInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often a running pulled stream is checked for MediaLive's alert that it cannot read its source.</summary>
    public TimeSpan PullSourceCheckInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often a settled stream's every AWS resource is read again, which finds what was changed outside Airwave; the
    /// resyncs in between read only the channel (and a running one's alerts) and the live distribution.
    /// </summary>
    public TimeSpan FullCheckInterval { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The SPEKE key server that issues HLS encryption keys.</summary>
    public SpekeOptions Speke { get; init; } = new();

    /// <summary>How Signed streams' MediaPackage endpoints admit the live distribution alone.</summary>
    public CdnAuthorizationOptions CdnAuthorization { get; init; } = new();

    /// <summary>How the key provider's content key seed is kept at rest.</summary>
    public ContentKeyOptions ContentKeys { get; init; } = new();

    /// <summary>How ArchiveSplits cut their clips.</summary>
    public ClipOptions Clips { get; init; } = new();

    /// <summary>The SFU pods of WebRtc streams.</summary>
    public SfuOptions Sfu { get; init; } = new();

    /// <summary>The meeting connector pods of Chime streams.</summary>
    public ConnectorOptions Connector { get; init; } = new();

    /// <summary>The upload credentials of S3Upload streams.</summary>
    public UploadOptions Upload { get; init; } = new();

    public VideoAssetOptions VideoAssets { get; init; } = new();

    /// <summary>Where LiveStreams' viewers are counted.</summary>
    public ViewerOptions Viewers { get; init; } = new();

    /// <summary>What the services cost, for the estimates in status.cost.</summary>
    public PriceTable Prices { get; init; } = new();

    /// <summary>The bucket an ArchiveSplit's clips go to when it names none.</summary>
    public string? ClipBucket => Clips.Bucket ?? ArchiveBucket;
}
