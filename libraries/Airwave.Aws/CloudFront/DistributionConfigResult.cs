namespace Airwave.Aws.CloudFront;

/// <summary>A configuration and the ETag to send as If-Match when updating it.</summary>
public sealed record DistributionConfigResult(DistributionConfig Config, string ETag);
