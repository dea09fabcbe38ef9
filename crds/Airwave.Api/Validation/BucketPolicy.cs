using Airwave.Api.ArchiveSplits;
using Airwave.Api.LiveStreams;

namespace Airwave.Api.Validation;

/// <summary>
/// The S3 buckets an installation lets its tenants use (the operator's archiveBucket, allowedArchiveBuckets and clip
/// bucket settings): streams record to the archive bucket or an allowed one, splits write clips to the clip bucket
/// or one streams may record to.
/// </summary>
/// <param name="AllowedArchiveBuckets">Names, or patterns in which * stands for any run of characters (team-*-archive).</param>
public sealed record BucketPolicy(string? ArchiveBucket, IReadOnlyList<string> AllowedArchiveBuckets, string? ClipBucket)
{
    public bool MayArchiveTo(string bucket) =>
        bucket == ArchiveBucket || AllowedArchiveBuckets.Any(pattern => BucketPattern.Matches(pattern, bucket));

    public bool MayWriteClipsTo(string bucket) => bucket == ClipBucket || MayArchiveTo(bucket);

    /// <summary>A recording to a bucket the stream may not use.</summary>
    public FieldError? CheckArchive(ArchiveSpec archive)
    {
        ArgumentNullException.ThrowIfNull(archive);
        if (archive is not { Enabled: true, Bucket: { } bucket } || MayArchiveTo(bucket))
        {
            return null;
        }

        var allowed = string.Join(", ", new[] { ArchiveBucket }.Concat(AllowedArchiveBuckets).OfType<string>());
        var instead = ArchiveBucket is { } fallback ? $"leave it out to record to {fallback}, or " : "";
        return FieldError.Invalid("spec.archive.bucket", bucket, $"not a bucket this installation lets streams record to (allowed: {(allowed.Length > 0 ? allowed : "none")}); {instead}ask the operator's administrators to allow it (allowedArchiveBuckets)");
    }

    /// <summary>Clips to a bucket the split may not write to.</summary>
    public FieldError? CheckClips(SplitOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return output.Bucket is { } bucket && !MayWriteClipsTo(bucket)
            ? FieldError.Invalid("spec.output.bucket", bucket, $"not a bucket this installation writes clips to: use {ClipBucket ?? "one of its archive buckets"}, or ask for it to be added to allowedArchiveBuckets")
            : null;
    }
}
