using System.Net;
using Airwave.Aws.S3;
using Amazon.S3;
using Amazon.S3.Model;

namespace Airwave.Operator.ArchiveSplits.Recording;

/// <summary>What a finished clip is in S3: its size, and the duration its MP4 header declares.</summary>
public sealed class ClipInspector(IAmazonS3 s3)
{
    private const int ReadBytes = 64 * 1024;
    private const int MaxReads = 4;

    /// <returns>Null when the clip is not there.</returns>
    public async Task<(long Size, double? Duration)?> InspectAsync(S3Path clip, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clip);
        long size;
        try
        {
            size = (await s3.GetObjectMetadataAsync(clip.Bucket, clip.Key, cancellationToken)).ContentLength;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        long? offset = 0;
        for (var read = 0; read < MaxReads && offset is { } at && at < size; read++)
        {
            var end = Math.Min(size, at + ReadBytes) - 1;
            using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = clip.Bucket, Key = clip.Key, ByteRange = new ByteRange(at, end) }, cancellationToken);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken);
            var (seconds, next) = Mp4Header.Read(buffer.ToArray(), at);
            if (seconds is not null)
            {
                return (size, seconds);
            }

            offset = next;
        }

        return (size, null);
    }
}
