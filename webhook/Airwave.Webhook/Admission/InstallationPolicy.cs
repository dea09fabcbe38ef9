using Airwave.Api.Validation;

namespace Airwave.Webhook.Admission;

/// <summary>
/// The operator's tenancy settings (section Operator: ArchiveBucket, AllowedArchiveBuckets, Clips:Bucket,
/// Connector:AllowedMeetingHosts, MaxRunningChannelsPerNamespace), read by the webhook from the same configuration so
/// admission refuses the buckets and meeting hosts the operator would, and warns of the waits it would impose.
/// </summary>
public sealed record InstallationPolicy
{
    public string? ArchiveBucket { get; init; }

    public IReadOnlyList<string>? AllowedArchiveBuckets { get; init; }

    public ClipSettings Clips { get; init; } = new();

    public ConnectorSettings Connector { get; init; } = new();

    /// <summary>Channels of one namespace running at once; a stream over it waits (QuotaExceeded). Null: no limit.</summary>
    public int? MaxRunningChannelsPerNamespace { get; init; }

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
