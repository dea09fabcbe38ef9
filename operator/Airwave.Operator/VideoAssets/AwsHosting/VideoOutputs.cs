using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Airwave.Api.VideoAssets;
using Airwave.Aws.S3;
using Airwave.Media.Transcoding;
using Airwave.Operator.Configuration;
using Amazon.S3;
using Amazon.S3.Model;

namespace Airwave.Operator.VideoAssets.AwsHosting;

/// <summary>
/// Where a VideoAsset's files live in the installation's bucket, and reading and removing them. Each source of an
/// asset gets its own folder, {key prefix}{namespace}/{name}-{uid}/{source hash}/, with the HLS files under hls/ and
/// the Job's progress and report under job/; the part after the key prefix is the asset's status.assetId. The key
/// prefix is the one of the playback policy its files are stored for (<see cref="StoredPolicy"/>).
/// </summary>
public sealed class VideoOutputs(IAmazonS3 s3, OperatorOptions options)
{
    private AwsVideoOptions Videos => options.VideoAssets.Aws;

    private string Bucket => Videos.Bucket ?? throw new InvalidOperationException("provider Aws has no bucket (Operator:VideoAssets:Aws:Bucket)");

    /// <summary>
    /// The playback policy an asset's files are stored for: the one recorded with its first source, which cannot
    /// change; before that, its spec's.
    /// </summary>
    public static PlaybackPolicy StoredPolicy(VideoAsset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return asset.Status?.PlaybackPolicy ?? asset.Spec.PlaybackPolicy;
    }

    private string KeyPrefix(VideoAsset asset) => Videos.KeyPrefixFor(StoredPolicy(asset));

    public string KeyOf(VideoAsset asset, string assetId, string path) => $"{KeyPrefix(asset)}{assetId}/{path}";

    /// <summary>The s3:// URL of a file in a source's folder, or of the folder itself.</summary>
    public string S3Url(VideoAsset asset, string assetId, string path = "") => $"s3://{Bucket}/{KeyOf(asset, assetId, path)}";

    /// <summary>Where viewers play a stored output, through the installation's distribution.</summary>
    public Uri PlaybackUrl(VideoAsset asset, string assetId, string path) =>
        new(new Uri(Videos.PlaybackBaseUrl!.ToString().TrimEnd('/') + "/"), KeyOf(asset, assetId, "hls/" + path));

    /// <summary>Where, in a source's folder, the Job stores its report and its progress.</summary>
    public const string ReportPath = "job/report.json";

    public const string ProgressPath = "job/progress.json";

    public Task<TranscodeReport?> ReadReportAsync(VideoAsset asset, string assetId, CancellationToken cancellationToken) =>
        ReadAsync(KeyOf(asset, assetId, ReportPath), TranscodeJson.Default.TranscodeReport, cancellationToken);

    public Task<TranscodeProgress?> ReadProgressAsync(VideoAsset asset, string assetId, CancellationToken cancellationToken) =>
        ReadAsync(KeyOf(asset, assetId, ProgressPath), TranscodeJson.Default.TranscodeProgress, cancellationToken);

    /// <summary>Whether a source's folder holds the file at <paramref name="path"/>.</summary>
    public async Task<bool> ExistsAsync(VideoAsset asset, string assetId, string path, CancellationToken cancellationToken)
    {
        try
        {
            await s3.GetObjectMetadataAsync(Bucket, KeyOf(asset, assetId, path), cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>The bytes of the files stored for the source <paramref name="assetId"/>.</summary>
    public Task<long> StoredBytesAsync(VideoAsset asset, string assetId, CancellationToken cancellationToken) =>
        s3.BytesUnderAsync(Bucket, KeyOf(asset, assetId, ""), cancellationToken);

    /// <summary>Deletes every object under the asset's <paramref name="folder"/> but those <paramref name="keep"/> picks (both by the key after the key prefix).</summary>
    /// <returns>How many were deleted.</returns>
    public async Task<int> DeleteAsync(VideoAsset asset, string folder, Func<string, bool> keep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var keyPrefix = KeyPrefix(asset);
        var prefix = keyPrefix + folder;
        var deleted = 0;
        string? token = null;
        do
        {
            var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix, ContinuationToken = token }, cancellationToken);
            var keys = (page.S3Objects ?? []).Select(o => o.Key).Where(k => !keep(k[keyPrefix.Length..])).ToList();
            if (keys.Count > 0)
            {
                await s3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = Bucket, Objects = [.. keys.Select(k => new KeyVersion { Key = k })] }, cancellationToken);
                deleted += keys.Count;
            }

            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
        return deleted;
    }

    /// <summary>
    /// Aborts every upload in parts still open under the asset's <paramref name="folder"/> (by the key after the key
    /// prefix): S3 keeps, and bills, the parts of one never completed.
    /// </summary>
    /// <returns>How many were aborted.</returns>
    public async Task<int> AbortUploadsAsync(VideoAsset asset, string folder, CancellationToken cancellationToken)
    {
        var prefix = KeyPrefix(asset) + folder;
        var aborted = 0;
        ListMultipartUploadsResponse page;
        string? keyMarker = null, idMarker = null;
        do
        {
            page = await s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = Bucket, Prefix = prefix, KeyMarker = keyMarker, UploadIdMarker = idMarker }, cancellationToken);
            foreach (var upload in page.MultipartUploads ?? [])
            {
                try
                {
                    await s3.AbortMultipartUploadAsync(Bucket, upload.Key, upload.UploadId, cancellationToken);
                    aborted++;
                }
                catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
                {
                    // Completed or aborted meanwhile (by an earlier pass whose answer was lost, say).
                }
            }

            (keyMarker, idMarker) = (page.NextKeyMarker, page.NextUploadIdMarker);
        }
        while (page.IsTruncated == true);
        return aborted;
    }

    private async Task<T?> ReadAsync<T>(string key, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            using var got = await s3.GetObjectAsync(Bucket, key, cancellationToken);
            return await JsonSerializer.DeserializeAsync(got.ResponseStream, type, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
