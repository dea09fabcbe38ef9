using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Airwave.Media.Transcoding;
using Airwave.Operator.Configuration;
using Amazon.S3;
using Amazon.S3.Model;

namespace Airwave.Operator.VideoAssets.AwsHosting;

/// <summary>
/// Where a VideoAsset's files live in the installation's bucket, and reading and removing them. Each source of an
/// asset gets its own folder, {KeyPrefix}{namespace}/{name}-{uid}/{source hash}/, with the HLS files under hls/ and
/// the Job's progress and report under job/; the part after the key prefix is the asset's status.assetId.
/// </summary>
public sealed class VideoOutputs(IAmazonS3 s3, OperatorOptions options)
{
    private AwsVideoOptions Videos => options.VideoAssets.Aws;

    private string Bucket => Videos.Bucket ?? throw new InvalidOperationException("provider Aws has no bucket (Operator:VideoAssets:Aws:Bucket)");

    public string KeyOf(string assetId, string path) => $"{Videos.KeyPrefix}{assetId}/{path}";

    /// <summary>The s3:// URL of a file in a source's folder, or of the folder itself.</summary>
    public string S3Url(string assetId, string path = "") => $"s3://{Bucket}/{Videos.KeyPrefix}{assetId}/{path}";

    /// <summary>Where viewers play a stored output, through the installation's distribution.</summary>
    public Uri PlaybackUrl(string assetId, string path) =>
        new(new Uri(Videos.PlaybackBaseUrl!.ToString().TrimEnd('/') + "/"), KeyOf(assetId, "hls/" + path));

    /// <summary>Where, in a source's folder, the Job stores its report and its progress.</summary>
    public const string ReportPath = "job/report.json";

    public const string ProgressPath = "job/progress.json";

    public Task<TranscodeReport?> ReadReportAsync(string assetId, CancellationToken cancellationToken) =>
        ReadAsync(KeyOf(assetId, ReportPath), TranscodeJson.Default.TranscodeReport, cancellationToken);

    public Task<TranscodeProgress?> ReadProgressAsync(string assetId, CancellationToken cancellationToken) =>
        ReadAsync(KeyOf(assetId, ProgressPath), TranscodeJson.Default.TranscodeProgress, cancellationToken);

    /// <summary>Whether a source's folder holds the file at <paramref name="path"/>.</summary>
    public async Task<bool> ExistsAsync(string assetId, string path, CancellationToken cancellationToken)
    {
        try
        {
            await s3.GetObjectMetadataAsync(Bucket, KeyOf(assetId, path), cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>Deletes every object under <paramref name="folder"/> but those <paramref name="keep"/> picks (both by the key after the key prefix).</summary>
    /// <returns>How many were deleted.</returns>
    public async Task<int> DeleteAsync(string folder, Func<string, bool> keep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var prefix = Videos.KeyPrefix + folder;
        var deleted = 0;
        string? token = null;
        do
        {
            var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix, ContinuationToken = token }, cancellationToken);
            var keys = (page.S3Objects ?? []).Select(o => o.Key).Where(k => !keep(k[Videos.KeyPrefix.Length..])).ToList();
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
    /// Aborts every upload in parts still open under <paramref name="folder"/> (by the key after the key prefix): S3
    /// keeps, and bills, the parts of one never completed.
    /// </summary>
    /// <returns>How many were aborted.</returns>
    public async Task<int> AbortUploadsAsync(string folder, CancellationToken cancellationToken)
    {
        var prefix = Videos.KeyPrefix + folder;
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
