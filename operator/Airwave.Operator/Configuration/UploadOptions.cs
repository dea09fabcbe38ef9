namespace Airwave.Operator.Configuration;

/// <summary>How S3Upload streams get their upload credentials.</summary>
public sealed record UploadOptions
{
    /// <summary>The IAM role upload credentials are issued for (AssumeRole); its policy must allow s3:PutObject on the archive buckets.</summary>
    public string? RoleArn { get; init; }

    /// <summary>
    /// The CloudFront origin access control the live distribution reads the archive bucket with, for S3Upload streams
    /// with spec.live; the bucket's policy must allow that distribution s3:GetObject.
    /// </summary>
    public string? OriginAccessControlId { get; init; }

    /// <summary>How long before they expire a running stream's credentials are replaced.</summary>
    public TimeSpan RefreshBefore { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The archive buckets' region, which apps are told: the region the operator works in (Aws:Region), set by the host.</summary>
    public string Region { get; init; } = "us-east-1";
}
