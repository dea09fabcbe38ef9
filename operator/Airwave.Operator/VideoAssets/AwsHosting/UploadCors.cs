using System.Net;
using Airwave.Api.VideoAssets;
using Airwave.Kubernetes.Informers;
using Airwave.Operator.Configuration;
using Amazon.S3;
using Amazon.S3.Model;

namespace Airwave.Operator.VideoAssets.AwsHosting;

/// <summary>
/// The video bucket's CORS rule for direct uploads, so a browser at an asset's spec.source.directUpload.corsOrigin may
/// PUT to its presigned URL (one that names no origin is for apps and tools outside a browser, which need no CORS): one rule, <see cref="RuleId"/>, allowing the origins of the uploads that may still get a
/// file, written whenever a new upload needs an origin it lacks (and then dropping the origins no upload waits for).
/// The bucket's other rules are left as they are. Writes are one at a time: the configuration is replaced whole.
/// </summary>
public sealed class UploadCors(IAmazonS3 s3, Informer<VideoAsset> assets, OperatorOptions options) : IDisposable
{
    public const string RuleId = "airwave-video-uploads";

    /// <summary>A browser caches a preflight this long (seconds).</summary>
    private const int PreflightCacheSeconds = 3000;

    private readonly SemaphoreSlim _writing = new(1, 1);

    private AwsVideoOptions Videos => options.VideoAssets.Aws;

    /// <summary>
    /// Makes the bucket's rule allow <paramref name="asking"/>'s upload origin: null once it does (or where it names
    /// none, so only apps and tools outside a browser upload, or where the bucket's CORS is not the operator's to
    /// keep), else why browsers will be refused (the operator may not write it).
    /// </summary>
    public async Task<string?> AllowAsync(VideoAsset asking, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asking);
        if (!Videos.ManageUploadCors || asking.Spec.Source.DirectUpload?.CorsOrigin is not { } origin)
        {
            return null;
        }

        await _writing.WaitAsync(cancellationToken);
        try
        {
            var rules = await ReadAsync(cancellationToken);
            if (rules.FirstOrDefault(r => r.Id == RuleId) is { } ours && ours.AllowedOrigins.Contains(origin, StringComparer.Ordinal))
            {
                return null;
            }

            var origins = WaitingOrigins(asking).Append(origin).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var kept = rules.Where(r => r.Id != RuleId).ToList();
            await s3.PutCORSConfigurationAsync(new PutCORSConfigurationRequest
            {
                BucketName = Videos.Bucket,
                Configuration = new CORSConfiguration { Rules = [.. kept, Rule(origins)] },
            }, cancellationToken);
            return null;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.Forbidden)
        {
            return $"Browsers at {origin} cannot upload to status.uploadUrl: the operator may not set the CORS configuration of bucket {Videos.Bucket} ({e.ErrorCode}). Ask its administrators to grant the operator s3:GetBucketCORS and s3:PutBucketCORS on it, or to add a CORS rule allowing PUT from {origin}; uploads from outside a browser (curl, apps) work as they are.";
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>The bucket's rules; none when it has no CORS configuration.</summary>
    private async Task<IReadOnlyList<CORSRule>> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var current = await s3.GetCORSConfigurationAsync(new GetCORSConfigurationRequest { BucketName = Videos.Bucket }, cancellationToken);
            return current.Configuration?.Rules ?? [];
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchCORSConfiguration")
        {
            return [];
        }
    }

    /// <summary>
    /// The origins of the other assets on AWS whose upload may still get a file; one the operator has not written a
    /// status for yet counts, so that an upload made a moment ago keeps its origin while the cache catches up.
    /// </summary>
    private IEnumerable<string> WaitingOrigins(VideoAsset asking) =>
        assets.Cache.List()
            .Where(a => a.Metadata.Uid != asking.Metadata.Uid && a.Metadata.DeletionTimestamp is null)
            .Where(a => (a.Status?.Provider ?? a.Spec.Provider ?? options.VideoAssets.DefaultProvider) == VideoProvider.Aws)
            .Where(a => a.Status?.Phase is null or VideoAssetPhase.Pending or VideoAssetPhase.WaitingForUpload)
            .Select(a => a.Spec.Source.DirectUpload?.CorsOrigin)
            .OfType<string>();

    /// <summary>PUT from the origins with any headers (a browser sends the file's Content-Type); ETag is readable for uploads in parts.</summary>
    private static CORSRule Rule(List<string> origins) => new()
    {
        Id = RuleId,
        AllowedMethods = ["PUT"],
        AllowedOrigins = origins,
        AllowedHeaders = ["*"],
        ExposeHeaders = ["ETag"],
        MaxAgeSeconds = PreflightCacheSeconds,
    };

    public void Dispose() => _writing.Dispose();
}
