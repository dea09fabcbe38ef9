using Amazon.S3;
using Amazon.S3.Model;

namespace Airwave.Aws.S3;

/// <summary>The SDK's presigning, for <see cref="S3Presigner"/>, which knows how long a URL can last.</summary>
internal static class S3Presigning
{
    public static async Task<string> PresignAsync(this IAmazonS3 s3, string bucket, string key, HttpVerb verb, DateTime expires, string? contentType, (string UploadId, int Number)? part)
    {
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
