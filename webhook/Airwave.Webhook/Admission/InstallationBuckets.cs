using Airwave.Api.Validation;

namespace Airwave.Webhook.Admission;

/// <summary>
/// The operator's bucket settings (section Operator: ArchiveBucket, AllowedArchiveBuckets, Clips:Bucket), read by the
/// webhook from the same configuration so admission refuses the buckets the operator would.
/// </summary>
public sealed record InstallationBuckets
{
    public string? ArchiveBucket { get; init; }

    public IReadOnlyList<string>? AllowedArchiveBuckets { get; init; }

    public ClipSettings Clips { get; init; } = new();

    /// <summary>Whether any is set: without them, admission leaves buckets to the operator rather than refuse every one.</summary>
    public bool IsSet => ArchiveBucket is not null || AllowedArchiveBuckets is { Count: > 0 } || Clips.Bucket is not null;

    public BucketPolicy Policy => new(ArchiveBucket, AllowedArchiveBuckets ?? [], Clips.Bucket ?? ArchiveBucket);

    public sealed record ClipSettings
    {
        public string? Bucket { get; init; }
    }
}
