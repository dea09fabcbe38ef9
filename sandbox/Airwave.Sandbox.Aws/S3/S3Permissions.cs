namespace Airwave.Sandbox.Aws.S3;

/// <summary>
/// The IAM action and resource an S3 operation is authorized as, as S3's documentation lists them: object operations
/// on <c>arn:aws:s3:::bucket/key</c> (every step of a multipart upload is <c>s3:PutObject</c>, a copy also reads its
/// source), bucket operations on <c>arn:aws:s3:::bucket</c>, listing the buckets on <c>*</c>.
/// </summary>
internal static class S3Permissions
{
    public static IEnumerable<(string Action, string Resource)> Of(string operation, S3Target target, string? copySource)
    {
        var bucket = $"arn:aws:s3:::{target.Bucket}";
        var item = $"{bucket}/{target.Key}";
        switch (operation)
        {
            case "ListBuckets":
                yield return ("s3:ListAllMyBuckets", "*");
                break;
            case "HeadBucket" or "ListObjects" or "ListObjectsV2":
                yield return ("s3:ListBucket", bucket);
                break;
            case "ListMultipartUploads":
                yield return ("s3:ListBucketMultipartUploads", bucket);
                break;
            case "CreateBucket" or "DeleteBucket" or "GetBucketLocation":
                yield return ($"s3:{operation}", bucket);
                break;
            case "GetBucketCors":
                yield return ("s3:GetBucketCORS", bucket);
                break;
            case "PutBucketCors" or "DeleteBucketCors":
                // S3 authorizes removing a bucket's CORS configuration as writing it.
                yield return ("s3:PutBucketCORS", bucket);
                break;
            case "PutObject" or "CreateMultipartUpload" or "UploadPart" or "CompleteMultipartUpload":
                yield return ("s3:PutObject", item);
                break;
            case "CopyObject" or "UploadPartCopy":
                yield return ("s3:PutObject", item);
                yield return ("s3:GetObject", $"arn:aws:s3:::{Uri.UnescapeDataString(copySource ?? "").TrimStart('/').Split('?')[0]}");
                break;
            case "GetObject" or "HeadObject":
                yield return ("s3:GetObject", item);
                break;
            case "DeleteObjects":
                // Each key is checked by S3 as s3:DeleteObject; the emulator asks it for the bucket's keys as a whole.
                yield return ("s3:DeleteObject", $"{bucket}/*");
                break;
            case "ListParts":
                yield return ("s3:ListMultipartUploadParts", item);
                break;
            default:
                yield return ($"s3:{operation}", target.Key is null ? bucket : item);
                break;
        }
    }
}
