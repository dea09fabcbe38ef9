using System.Text.Json.Serialization.Metadata;
using Airwave.Api.Validation;
using Airwave.Configuration;

namespace Airwave.Webhook.Admission;

/// <summary>
/// The operator's tenancy settings (section Operator: ArchiveBucket, AllowedArchiveBuckets, Clips:Bucket,
/// Connector:AllowedMeetingHosts, MaxRunningChannelsPerNamespace, MaxMonthlySpendUsdPerNamespace,
/// StopAtMonthlySpendLimit, Budgets, StreamApiKeyNamespaces), read by the webhook from the same configuration so
/// admission refuses the buckets, meeting hosts and starts over a channel or spend limit the operator would, and the
/// stream API takes keys where the operator made them.
/// </summary>
public sealed record InstallationPolicy : ISettingsSection<InstallationPolicy>
{
    public static JsonTypeInfo<InstallationPolicy> JsonType => InstallationPolicyJson.Default.InstallationPolicy;

    public string? ArchiveBucket { get; init; }

    public IReadOnlyList<string>? AllowedArchiveBuckets { get; init; }

    /// <summary>The namespaces whose app backends may call the stream API with the key the operator made there.</summary>
    public IReadOnlyList<string> StreamApiKeyNamespaces { get; init; } = [];

    public ClipSettings Clips { get; init; } = new();

    public ConnectorSettings Connector { get; init; } = new();

    /// <summary>Channels of one namespace running at once, where its budget names none. Null: no limit.</summary>
    public int? MaxRunningChannelsPerNamespace { get; init; }

    /// <summary>Namespaces' own limits, by namespace name.</summary>
    public IReadOnlyDictionary<string, NamespaceBudget>? Budgets { get; init; }

    public ChannelLimit? ChannelLimitFor(string ns) => ChannelLimit.For(ns, MaxRunningChannelsPerNamespace, Budgets);

    /// <summary>Estimated dollars one namespace may spend in a month, where its budget names none. Null: no limit.</summary>
    public decimal? MaxMonthlySpendUsdPerNamespace { get; init; }

    public bool StopAtMonthlySpendLimit { get; init; }

    public SpendLimit? SpendLimitFor(string ns) => SpendLimit.For(ns, MaxMonthlySpendUsdPerNamespace, StopAtMonthlySpendLimit, Budgets);

    /// <summary>Whether any bucket is set: without them, admission leaves buckets to the operator rather than refuse every one.</summary>
    public bool HasBuckets => ArchiveBucket is not null || AllowedArchiveBuckets is { Count: > 0 } || Clips.Bucket is not null;

    public BucketPolicy Buckets => new(ArchiveBucket, AllowedArchiveBuckets ?? [], Clips.Bucket ?? ArchiveBucket);

    public sealed record ClipSettings
    {
        public string? Bucket { get; init; }
    }

    public sealed record ConnectorSettings
    {
        public IReadOnlyList<string>? AllowedMeetingHosts { get; init; }

        public MeetingHostPolicy MeetingHosts => MeetingHostPolicy.For(AllowedMeetingHosts);
    }
}
