using System.Net;
using Airwave.Sandbox.Aws.Pipeline;

namespace Airwave.Sandbox.Aws.S3;

/// <summary>S3's error codes and messages, word for word, with the element naming what they are about.</summary>
internal static class S3Errors
{
    public static AwsApiException NoSuchBucket(string bucket) =>
        new(HttpStatusCode.NotFound, "NoSuchBucket", "The specified bucket does not exist") { Details = [new("BucketName", bucket)] };

    public static AwsApiException NoSuchKey(string key) =>
        new(HttpStatusCode.NotFound, "NoSuchKey", "The specified key does not exist.") { Details = [new("Key", key)] };

    public static AwsApiException NoSuchUpload(string uploadId) =>
        new(HttpStatusCode.NotFound, "NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.") { Details = [new("UploadId", uploadId)] };

    public static AwsApiException NoSuchTagSet() =>
        new(HttpStatusCode.NotFound, "NoSuchTagSet", "The TagSet does not exist");

    public static AwsApiException BucketNotEmpty(string bucket) =>
        new(HttpStatusCode.Conflict, "BucketNotEmpty", "The bucket you tried to delete is not empty") { Details = [new("BucketName", bucket)] };

    public static AwsApiException InvalidBucketName(string bucket) =>
        new(HttpStatusCode.BadRequest, "InvalidBucketName", "The specified bucket is not valid.") { Details = [new("BucketName", bucket)] };

    public static AwsApiException BadDigest() =>
        new(HttpStatusCode.BadRequest, "BadDigest", "The Content-MD5 you specified did not match what we received.");

    public static AwsApiException InvalidDigest() =>
        new(HttpStatusCode.BadRequest, "InvalidDigest", "The Content-MD5 you specified was invalid.");

    public static AwsApiException ChecksumMismatch(string algorithm) =>
        new(HttpStatusCode.BadRequest, "BadDigest", $"The {algorithm} you specified did not match the calculated checksum.");

    public static AwsApiException InvalidRange(long size) =>
        new(HttpStatusCode.RequestedRangeNotSatisfiable, "InvalidRange", "The requested range is not satisfiable") { Details = [new("ActualObjectSize", size.ToString(System.Globalization.CultureInfo.InvariantCulture))] };

    public static AwsApiException PreconditionFailed(string condition) =>
        new(HttpStatusCode.PreconditionFailed, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold") { Details = [new("Condition", condition)] };

    public static AwsApiException InvalidArgument(string message, string name, string value) =>
        new(HttpStatusCode.BadRequest, "InvalidArgument", message) { Details = [new("ArgumentName", name), new("ArgumentValue", value)] };

    public static AwsApiException InvalidRequest(string message) => new(HttpStatusCode.BadRequest, "InvalidRequest", message);

    public static AwsApiException MalformedXml() =>
        new(HttpStatusCode.BadRequest, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema");

    public static AwsApiException InvalidPart(int number) =>
        new(HttpStatusCode.BadRequest, "InvalidPart", "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.") { Details = [new("PartNumber", number.ToString(System.Globalization.CultureInfo.InvariantCulture))] };

    public static AwsApiException InvalidPartOrder() =>
        new(HttpStatusCode.BadRequest, "InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number.");

    public static AwsApiException EntityTooSmall(long size) =>
        new(HttpStatusCode.BadRequest, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size") { Details = [new("ProposedSize", size.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("MinSizeAllowed", "5242880")] };

    public static AwsApiException InvalidTag(string message) => new(HttpStatusCode.BadRequest, "InvalidTag", message);

    public static AwsApiException NoSuchCorsConfiguration(string bucket) =>
        new(HttpStatusCode.NotFound, "NoSuchCORSConfiguration", "The CORS configuration does not exist") { Details = [new("BucketName", bucket)] };

    public static AwsApiException MissingContentMd5() => InvalidRequest("Missing required header for this request: Content-Md5");

    /// <summary>A preflight request no CORS rule allows (or on a bucket without any): S3's own words, after "CORSResponse: ".</summary>
    public static AwsApiException CorsForbidden(string why, string method) =>
        new(HttpStatusCode.Forbidden, "AccessForbidden", $"CORSResponse: {why}") { Details = [new("Method", method), new("ResourceType", "OBJECT")] };

    public static AwsApiException AccessDenied(string message = "Access Denied") => new(HttpStatusCode.Forbidden, "AccessDenied", message);

    public static AwsApiException MethodNotAllowed(string method) =>
        new(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", "The specified method is not allowed against this resource.") { Details = [new("Method", method), new("ResourceType", "OBJECT")] };
}
