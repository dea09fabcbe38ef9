using Amazon.S3;
using Amazon.S3.Model;

namespace Airwave.Aws.S3;

/// <summary>What S3 holds, as the bytes that storage is billed by.</summary>
public static class S3Storage
{
    /// <summary>The bytes of every object whose key starts with <paramref name="prefix"/> (a ListObjectsV2 page per thousand).</summary>
    public static async Task<long> BytesUnderAsync(this IAmazonS3 s3, string bucket, string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(s3);
        long bytes = 0;
        await foreach (var stored in s3.Paginators.ListObjectsV2(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix }).S3Objects.WithCancellation(cancellationToken))
        {
            bytes += stored.Size ?? 0;
        }

        return bytes;
    }
}
