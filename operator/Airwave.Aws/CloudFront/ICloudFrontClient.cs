namespace Airwave.Aws.CloudFront;

/// <summary>The CloudFront (API 2020-05-31) distribution operations Airwave needs.</summary>
public interface ICloudFrontClient
{
    Task<Distribution> CreateDistributionAsync(DistributionConfig config, CancellationToken cancellationToken);

    Task<Distribution> GetDistributionAsync(string id, CancellationToken cancellationToken);

    Task<DistributionConfigResult> GetDistributionConfigAsync(string id, CancellationToken cancellationToken);

    /// <summary>Replaces the configuration; fails with PreconditionFailed when <paramref name="ifMatch"/> is no longer the current ETag.</summary>
    Task<Distribution> UpdateDistributionConfigAsync(string id, DistributionConfig config, string ifMatch, CancellationToken cancellationToken);
}
