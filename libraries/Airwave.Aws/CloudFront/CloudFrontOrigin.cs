namespace Airwave.Aws.CloudFront;

/// <summary>
/// An origin: an HTTPS custom origin (a MediaPackage endpoint host with the path of its manifest folder), or, with
/// <see cref="OriginAccessControlId"/>, a private S3 bucket (its domain bucket.s3.region.amazonaws.com) that
/// CloudFront reads by signing with that origin access control. <see cref="CustomHeaders"/> are the headers CloudFront
/// adds to every request it sends the origin (a MediaPackage endpoint's CDN identifier).
/// </summary>
public sealed record CloudFrontOrigin(string Id, string DomainName, string OriginPath = "", string? OriginAccessControlId = null, IReadOnlyDictionary<string, string>? CustomHeaders = null)
{
    public bool IsS3 => OriginAccessControlId is not null;

    /// <summary>A bucket's regional domain, the form CloudFront's console gives an S3 origin.</summary>
    public static string BucketDomain(string bucket, string region) => $"{bucket}.s3.{region}.amazonaws.com";
}
