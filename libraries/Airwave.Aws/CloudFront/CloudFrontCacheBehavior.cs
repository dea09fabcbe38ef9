namespace Airwave.Aws.CloudFront;

/// <summary>
/// Routes <see cref="PathPattern"/> to an origin, HTTPS only, GET/HEAD, with the given cache policy
/// (the managed CachingOptimized policy by default) and, when set, a response headers policy; with
/// <see cref="TrustedKeyGroupId"/>, only to requests signed with a key of that key group (signed URLs or cookies).
/// </summary>
public sealed record CloudFrontCacheBehavior(string PathPattern, string TargetOriginId, string CachePolicyId = CloudFrontCacheBehavior.CachingOptimized, string? ResponseHeadersPolicyId = null, string? TrustedKeyGroupId = null)
{
    public const string CachingOptimized = "658327ea-f89d-4fab-a63d-7e88639e58f6";

    /// <summary>The managed CachingDisabled policy: every request goes to the origin.</summary>
    public const string CachingDisabled = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
}
