using Airwave.Aws.CloudFront;
using Airwave.Aws.MediaPackage;

namespace Airwave.Operator.LiveStreams.Resources;

/// <summary>
/// The stream's place on the shared "live" CloudFront distribution: an origin for its MediaPackage
/// endpoint and a cache behavior for the endpoint's path. Replaces the old POST/DELETE /live.
/// </summary>
public sealed class LiveDistributionManager(ICloudFrontClient cloudFront, Configuration.OperatorOptions options)
{
    /// <summary>Adds the stream; returns the live playback URL.</summary>
    public async Task<string> AddAsync(string distributionId, StreamIdentity identity, OriginEndpoint endpoint, CancellationToken cancellationToken)
    {
        var url = new Uri(endpoint.Url);
        var folder = url.AbsolutePath[..(url.AbsolutePath.LastIndexOf('/') + 1)];
        await cloudFront.AddOriginAsync(
            distributionId,
            new CloudFrontOrigin(identity.CloudFrontOriginId, url.Host),
            new CloudFrontCacheBehavior(folder + "*", identity.CloudFrontOriginId),
            cancellationToken);
        if (options.LivePlaybackBaseUrl is { } viewers)
        {
            return viewers.ToString().TrimEnd('/') + url.AbsolutePath;
        }
        var distribution = await cloudFront.GetDistributionAsync(distributionId, cancellationToken);
        return $"https://{distribution.DomainName}{url.AbsolutePath}";
    }

    public Task RemoveAsync(string distributionId, StreamIdentity identity, CancellationToken cancellationToken) =>
        cloudFront.RemoveOriginAsync(distributionId, identity.CloudFrontOriginId, cancellationToken);
}
