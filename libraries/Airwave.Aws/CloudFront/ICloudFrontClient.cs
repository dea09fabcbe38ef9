namespace Airwave.Aws.CloudFront;

/// <summary>The CloudFront (API 2020-05-31) distribution and response headers policy operations Airwave needs.</summary>
public interface ICloudFrontClient
{
    Task<Distribution> CreateDistributionAsync(DistributionConfig config, CancellationToken cancellationToken);

    Task<Distribution> GetDistributionAsync(string id, CancellationToken cancellationToken);

    Task<DistributionConfigResult> GetDistributionConfigAsync(string id, CancellationToken cancellationToken);

    /// <summary>Replaces the configuration; fails with PreconditionFailed when <paramref name="ifMatch"/> is no longer the current ETag.</summary>
    Task<Distribution> UpdateDistributionConfigAsync(string id, DistributionConfig config, string ifMatch, CancellationToken cancellationToken);

    /// <summary>Makes a custom response headers policy; fails with ResponseHeadersPolicyAlreadyExists when one has its name.</summary>
    Task<ResponseHeadersPolicy> CreateResponseHeadersPolicyAsync(ResponseHeadersPolicyConfig config, CancellationToken cancellationToken);

    /// <summary>The account's custom response headers policies, every page of them.</summary>
    Task<IReadOnlyList<ResponseHeadersPolicy>> ListResponseHeadersPoliciesAsync(CancellationToken cancellationToken);
}
