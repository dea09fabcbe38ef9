namespace Airwave.Aws.CloudFront;

/// <summary>A distribution with the ETag its configuration must be updated against.</summary>
public sealed record Distribution(string Id, string Arn, string Status, string DomainName, DistributionConfig Config, string ETag);
