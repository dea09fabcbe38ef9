using Amazon.S3;
using Amazon.S3.Model;

namespace Airwave.Aws.S3;

/// <summary>Presigned URLs: a key to one object, for one verb, until it expires; for whoever holds no AWS credentials.</summary>
public static class S3Presigning
{
    /// <summary>The longest S3 honours for a URL signed with SigV4.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(7);

    /// <param name="contentType">For a PUT: the Content-Type the upload must send, which the signature covers.</param>
    /// <param name="part">For a PUT: one part of a multipart upload (UploadPart) rather than the whole object.</param>
    public static async Task<string> PresignAsync(this IAmazonS3 s3, string bucket, string key, HttpVerb verb, DateTime expires, string? contentType = null, (string UploadId, int Number)? part = null)
    {
        ArgumentNullException.ThrowIfNull(s3);
        var request = new GetPreSignedUrlRequest { BucketName = bucket, Key = key, Verb = verb, Expires = expires };
        if (contentType is not null)
        {
            request.ContentType = contentType;
        }

        if (part is { } uploading)
        {
            request.UploadId = uploading.UploadId;
            request.PartNumber = uploading.Number;
        }

        // An endpoint override may be plain http (the sandbox); the SDK would otherwise presign https.
        if (s3.Config.ServiceURL is { } service && service.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            request.Protocol = Protocol.HTTP;
        }

        return await s3.GetPreSignedURLAsync(request);
    }
}
