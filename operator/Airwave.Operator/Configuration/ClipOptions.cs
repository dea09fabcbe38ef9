namespace Airwave.Operator.Configuration;

/// <summary>How ArchiveSplits cut clips: where they go by default, and the Jobs that cut them.</summary>
public sealed record ClipOptions
{
    /// <summary>The bucket clips go to when an ArchiveSplit names none; unset: the archive bucket.</summary>
    public string? Bucket { get; init; }

    /// <summary>Any image whose entrypoint is ffmpeg (with libx264 and the AAC encoder): it transcodes the section.</summary>
    public string FfmpegImage { get; init; } = "jrottenberg/ffmpeg:7.1-ubuntu2404";

    /// <summary>Any image whose entrypoint is curl: it uploads the clip to S3 with a presigned URL, so the Job holds no AWS credentials.</summary>
    public string UploadImage { get; init; } = "curlimages/curl:8.11.1";

    /// <summary>Tries per section before it fails (the Job's backoffLimit).</summary>
    public int BackoffLimit { get; init; } = 2;

    /// <summary>The least time a section's Job gets; a long section gets four times its length.</summary>
    public TimeSpan MinimumDeadline { get; init; } = TimeSpan.FromMinutes(15);

    public string CpuRequest { get; init; } = "500m";

    public string MemoryRequest { get; init; } = "256Mi";

    public string MemoryLimit { get; init; } = "1Gi";

    /// <summary>
    /// Where a clip Job's pods may not connect to (their NetworkPolicy's egress exceptions): they reach S3 alone, by
    /// presigned URLs. Null: every private, shared, loopback and link-local range, which holds the cluster's addresses
    /// wherever they are private. Set it where S3 is reached at private addresses (an interface endpoint).
    /// </summary>
    public IReadOnlyList<string>? DeniedEgressCidrs { get; init; }

    public IReadOnlyList<string> EgressDenied => DeniedEgressCidrs ?? Kubernetes.InternetEgress.PrivateRanges;

    /// <summary>The Job's time limit for a section of this many seconds.</summary>
    public TimeSpan DeadlineFor(double seconds) => TimeSpan.FromSeconds(Math.Max(MinimumDeadline.TotalSeconds, Math.Ceiling(4 * seconds)));
}
