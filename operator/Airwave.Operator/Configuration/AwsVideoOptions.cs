using Airwave.Media.Transcoding;

namespace Airwave.Operator.Configuration;

/// <summary>
/// VideoAssets hosted on AWS (section Operator:VideoAssets:Aws): a transcode Job per video makes an HLS ladder in an S3
/// bucket, which the installation's CloudFront distribution serves.
/// </summary>
public sealed record AwsVideoOptions
{
    /// <summary>The bucket the outputs go to. Unset: provider Aws is not configured, and its VideoAssets say so.</summary>
    public string? Bucket { get; init; }

    /// <summary>Where in the bucket each namespace's videos go: {KeyPrefix}{namespace}/{name}-{uid}/.</summary>
    public string KeyPrefix { get; init; } = "videos/";

    /// <summary>
    /// Where Signed videos go instead of <see cref="KeyPrefix"/>: the distribution's cache behavior for this path trusts
    /// the key group whose key signs playback, so nothing under it plays without a signed URL or cookies.
    /// </summary>
    public string SignedKeyPrefix { get; init; } = "signed-videos/";

    /// <summary>The key prefix of videos stored for <paramref name="policy"/>.</summary>
    public string KeyPrefixFor(Api.VideoAssets.PlaybackPolicy policy) => policy == Api.VideoAssets.PlaybackPolicy.Signed ? SignedKeyPrefix : KeyPrefix;

    /// <summary>
    /// Where viewers reach the distribution that serves the bucket (an S3 origin with an origin access control), such as
    /// https://d111111abcdef8.cloudfront.net or https://vod.example.com; playback URLs are this followed by the key.
    /// </summary>
    public Uri? PlaybackBaseUrl { get; init; }

    /// <summary>
    /// Whether the operator keeps the bucket's CORS rule for direct uploads (ID <c>airwave-video-uploads</c>,
    /// the origins of the uploads waiting for a file), leaving the bucket's other rules as they are. Off where the
    /// bucket's CORS configuration is managed elsewhere (Terraform replaces it whole): browser uploads then need a rule
    /// allowing PUT from their origins.
    /// </summary>
    public bool ManageUploadCors { get; init; } = true;

    /// <summary>The airwave-transcoder image (the Dockerfile's transcoder target): ffmpeg and the Job's program.</summary>
    public string TranscoderImage { get; init; } = "airwave/transcoder:0.1.0";

    /// <summary>A longer source ends Errored (TooLong).</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromHours(4);

    /// <summary>A larger source ends Errored (TooLarge); the Job's scratch volume holds the source and its outputs.</summary>
    public long MaxSourceBytes { get; init; } = 20L << 30;

    /// <summary>The Job's time limit; one that passes it ends Errored.</summary>
    public TimeSpan JobDeadline { get; init; } = TimeSpan.FromHours(6);

    /// <summary>Tries before the Job fails (its backoffLimit): a source that is not a video fails at once, whatever this is.</summary>
    public int BackoffLimit { get; init; } = 1;

    /// <summary>1080p in four renditions at veryfast takes about two cores.</summary>
    public string CpuRequest { get; init; } = "2";

    public string MemoryRequest { get; init; } = "1Gi";

    public string MemoryLimit { get; init; } = "3Gi";

    /// <summary>
    /// The renditions a Job makes, each no larger than the source: 1080p, 720p, 480p and 360p, at rates near Apple's HLS
    /// authoring guidance.
    /// </summary>
    public static readonly IReadOnlyList<Rendition> Ladder =
    [
        new("1080p", 1080, 5000, 128),
        new("720p", 720, 2800, 128),
        new("480p", 480, 1400, 96),
        new("360p", 360, 800, 96),
    ];

    /// <summary>
    /// Where a transcode Job's pods may not connect to (their NetworkPolicy's egress exceptions): they fetch the source
    /// and store by presigned URLs. Null: every private, shared, loopback and link-local range.
    /// </summary>
    public IReadOnlyList<string>? DeniedEgressCidrs { get; init; }

    public IReadOnlyList<string> EgressDenied => DeniedEgressCidrs ?? Kubernetes.InternetEgress.PrivateRanges;
}
