using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Aws.S3;

/// <summary>The S3 operations the emulator implements, by model operation name; the pipeline refuses the others by name.</summary>
internal sealed class S3Api(S3Store store, AwsEmulatorOptions options)
{
    private static readonly Dictionary<string, Func<S3Call, Task>> Operations = new(StringComparer.Ordinal)
    {
        ["ListBuckets"] = BucketOperations.ListBuckets,
        ["CreateBucket"] = BucketOperations.CreateBucket,
        ["HeadBucket"] = BucketOperations.HeadBucket,
        ["DeleteBucket"] = BucketOperations.DeleteBucket,
        ["GetBucketLocation"] = BucketOperations.GetBucketLocation,
        ["PutBucketCors"] = BucketCorsOperations.PutBucketCors,
        ["GetBucketCors"] = BucketCorsOperations.GetBucketCors,
        ["DeleteBucketCors"] = BucketCorsOperations.DeleteBucketCors,
        ["ListObjectsV2"] = ObjectListing.ListObjectsV2,
        ["PutObject"] = ObjectOperations.PutObject,
        ["CopyObject"] = ObjectOperations.CopyObject,
        ["GetObject"] = ObjectOperations.GetObject,
        ["HeadObject"] = ObjectOperations.HeadObject,
        ["DeleteObject"] = ObjectOperations.DeleteObject,
        ["DeleteObjects"] = ObjectOperations.DeleteObjects,
        ["PutObjectTagging"] = ObjectOperations.PutObjectTagging,
        ["GetObjectTagging"] = ObjectOperations.GetObjectTagging,
        ["DeleteObjectTagging"] = ObjectOperations.DeleteObjectTagging,
        ["CreateMultipartUpload"] = MultipartOperations.CreateMultipartUpload,
        ["UploadPart"] = MultipartOperations.UploadPart,
        ["CompleteMultipartUpload"] = MultipartOperations.CompleteMultipartUpload,
        ["AbortMultipartUpload"] = MultipartOperations.AbortMultipartUpload,
        ["ListMultipartUploads"] = MultipartOperations.ListMultipartUploads,
    };

    public static bool Implements(string operation) => Operations.ContainsKey(operation);

    /// <summary>
    /// CopyObject and UploadPartCopy (<see cref="Catalog.AwsOperationCatalog.S3CopyOperations"/>) share PutObject's
    /// and UploadPart's method and URI; S3 tells them apart by the copy-source header.
    /// </summary>
    public static string Refine(string operation, HttpRequest request) =>
        request.Headers.ContainsKey("x-amz-copy-source") ? operation switch
        {
            "PutObject" => "CopyObject",
            "UploadPart" => "UploadPartCopy",
            _ => operation,
        } : operation;

    public Task InvokeAsync(HttpContext context, S3Target target, string operation, S3Payload payload)
    {
        var call = new S3Call(context, target, payload, store, options);
        CorsResponses.Add(call);
        return Operations[operation](call);
    }

    /// <summary>A browser's preflight: answered from the bucket's CORS rules, without a signature.</summary>
    public Task PreflightAsync(HttpContext context, S3Target target) => CorsResponses.PreflightAsync(context, target, store);
}
