namespace Airwave.Aws.CloudFront;

/// <summary>
/// Routes <see cref="PathPattern"/> to an origin, HTTPS only, GET/HEAD, with the given cache policy
/// (the managed CachingOptimized policy by default).
/// </summary>
public sealed record CloudFrontCacheBehavior(string PathPattern, string TargetOriginId, string CachePolicyId = CloudFrontCacheBehavior.CachingOptimized)
{
    public const string CachingOptimized = "658327ea-f89d-4fab-a63d-7e88639e58f6";
}
