using System.Security.Cryptography;
using System.Text;

namespace Airwave.Operator.LiveStreams;

/// <summary>
/// Who a stream is, as AWS sees it: the tags every resource carries (so a lost status is recovered by
/// adoption and orphans can be swept) and deterministic names and request ids (so a retried create
/// returns the resource the first attempt made instead of a second one).
/// </summary>
public sealed record StreamIdentity(string Cluster, string Namespace, string Name, string Uid)
{
    public const string ClusterTag = "airwave.dev/cluster";
    public const string NamespaceTag = "airwave.dev/namespace";
    public const string NameTag = "airwave.dev/name";
    public const string UidTag = "airwave.dev/uid";

    public static StreamIdentity Of(Api.LiveStreams.LiveStream stream, string cluster)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var metadata = stream.Metadata;
        return new StreamIdentity(
            cluster,
            metadata.Namespace ?? throw new ArgumentException("the stream has no namespace", nameof(stream)),
            metadata.Name ?? throw new ArgumentException("the stream has no name", nameof(stream)),
            metadata.Uid ?? throw new ArgumentException("the stream has no uid", nameof(stream)));
    }

    public IReadOnlyDictionary<string, string> Tags => new Dictionary<string, string>
    {
        [ClusterTag] = Cluster,
        [NamespaceTag] = Namespace,
        [NameTag] = Name,
        [UidTag] = Uid,
    };

    /// <summary>A readable name for consoles: namespace-name, within MediaLive's limits.</summary>
    public string DisplayName => Truncate($"{Namespace}-{Name}", 128);

    /// <summary>
    /// MediaPackage ids are chosen by the caller and allow only letters, digits, '-' and '_': a name's dots become
    /// '_' (which no Kubernetes name has, so distinct names stay distinct); the uid suffix keeps a recreated stream
    /// from colliding with its predecessor.
    /// </summary>
    public string PackageChannelId => Truncate($"airwave-{Namespace}-{Name.Replace('.', '_')}", 200) + "-" + Uid[..Math.Min(8, Uid.Length)];

    public string PackageEndpointId => PackageChannelId + "-hls";

    /// <summary>An IVS channel's name: the MediaPackage id's shape within IVS's 128 characters.</summary>
    public string IvsChannelName => Truncate($"airwave-{Namespace}-{Name.Replace('.', '_')}", 119) + "-" + Uid[..Math.Min(8, Uid.Length)];

    public string CloudFrontOriginId => PackageChannelId;

    public bool IsTaggedOn(IReadOnlyDictionary<string, string>? tags) =>
        tags is not null && tags.TryGetValue(UidTag, out var uid) && uid == Uid
        && tags.TryGetValue(ClusterTag, out var cluster) && cluster == Cluster;

    /// <summary>
    /// A MediaLive RequestId: the same for every retry of one create, different once the resource it
    /// created is gone (<paramref name="replacing"/> names the lost one), so drift repair makes a new one.
    /// </summary>
    public string RequestId(string resource, string? replacing = null)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{Cluster}/{Uid}/{resource}/{replacing}"));
        return Convert.ToHexStringLower(hash)[..32];
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
