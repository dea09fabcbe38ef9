using Airwave.Aws.CloudFront;
using Airwave.Aws.Errors;
using Airwave.Aws.MediaPackage;

namespace Airwave.Operator.LiveStreams.Resources;

/// <summary>
/// The stream's place on the shared "live" CloudFront distribution: an origin for its MediaPackage endpoint (or, for
/// an S3Upload stream, the archive bucket, read through the installation's origin access control) and a cache
/// behavior for the endpoint's path (the session's prefix, with the installation's <see cref="UploadHeadersPolicy"/>).
/// Replaces the old POST/DELETE /live.
/// </summary>
public sealed class LiveDistributionManager(ICloudFrontClient cloudFront, UploadHeadersPolicy uploadHeaders, Configuration.OperatorOptions options)
{
    /// <summary>Adds the stream, or makes its origin and cache behavior what they should be.</summary>
    public async Task<LivePlacement> AddAsync(string distributionId, StreamIdentity identity, OriginEndpoint endpoint, CancellationToken cancellationToken)
    {
        var url = new Uri(endpoint.Url);
        var folder = url.AbsolutePath[..(url.AbsolutePath.LastIndexOf('/') + 1)];
        var written = await cloudFront.AddOriginAsync(
            distributionId,
            new CloudFrontOrigin(identity.CloudFrontOriginId, url.Host),
            new CloudFrontCacheBehavior(folder + "*", identity.CloudFrontOriginId),
            cancellationToken);
        return new LivePlacement(await ViewerUrlAsync(distributionId, url.AbsolutePath, cancellationToken), written);
    }

    /// <summary>Adds an S3Upload stream's session: the playlist the app uploads under <paramref name="prefix"/>.</summary>
    public async Task<LivePlacement> AddUploadAsync(string distributionId, StreamIdentity identity, string bucket, string prefix, string playlist, string originAccessControlId, CancellationToken cancellationToken)
    {
        var folder = "/" + string.Join('/', prefix.Split('/').Select(Uri.EscapeDataString)) + "/";

        // The app's playlist carries no Cache-Control: cached with CloudFront's default lifetime, a live playlist would
        // stop moving, so the session's requests all go to the bucket.
        var headers = await uploadHeaders.IdAsync(identity.Cluster, cancellationToken);
        bool written;
        try
        {
            written = await cloudFront.AddOriginAsync(
                distributionId,
                new CloudFrontOrigin(identity.CloudFrontOriginId, CloudFrontOrigin.BucketDomain(bucket, options.Upload.Region), OriginAccessControlId: originAccessControlId),
                new CloudFrontCacheBehavior(folder + "*", identity.CloudFrontOriginId, CloudFrontCacheBehavior.CachingDisabled, headers),
                cancellationToken);
        }
        catch (AwsNotFoundException e) when (e.ErrorCode == "NoSuchResponseHeadersPolicy")
        {
            uploadHeaders.Forget(identity.Cluster);
            throw;
        }

        return new LivePlacement(await ViewerUrlAsync(distributionId, folder + string.Join('/', playlist.Split('/').Select(Uri.EscapeDataString)), cancellationToken), written);
    }

    private async Task<string> ViewerUrlAsync(string distributionId, string path, CancellationToken cancellationToken)
    {
        if (options.LivePlaybackBaseUrl is { } viewers)
        {
            return viewers.ToString().TrimEnd('/') + path;
        }

        var distribution = await cloudFront.GetDistributionAsync(distributionId, cancellationToken);
        return $"https://{distribution.DomainName}{path}";
    }

    public Task RemoveAsync(string distributionId, StreamIdentity identity, CancellationToken cancellationToken) =>
        cloudFront.RemoveOriginAsync(distributionId, identity.CloudFrontOriginId, cancellationToken);
}
