using System.Globalization;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Aws.S3;

/// <summary>CreateMultipartUpload, UploadPart, CompleteMultipartUpload and AbortMultipartUpload.</summary>
internal static class MultipartOperations
{
    public static Task CreateMultipartUpload(S3Call call)
    {
        var upload = call.Store.CreateUpload(call.Bucket, call.Key, S3Content.ContentType(call), S3Content.Metadata(call), S3Content.TagsFromHeader(call));
        return S3Xml.WriteAsync(call.Context, new XElement(S3Xml.Name("InitiateMultipartUploadResult"),
            new XElement(S3Xml.Name("Bucket"), call.Bucket),
            new XElement(S3Xml.Name("Key"), call.Key),
            new XElement(S3Xml.Name("UploadId"), upload.Id)));
    }

    public static Task UploadPart(S3Call call)
    {
        var number = call.Query("partNumber")!;
        if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var part) || part is < 1 or > 10000)
        {
            throw S3Errors.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", number);
        }
        var checksum = S3Content.Verify(call);
        var uploaded = call.Store.PutPart(call.Bucket, call.Key, call.Query("uploadId")!, part, call.Payload.Content);
        call.Response.Headers.ETag = uploaded.ETag;
        if (checksum is not null)
        {
            call.Response.Headers[checksum.HeaderName] = checksum.Value;
        }
        return Task.CompletedTask;
    }

    public static Task CompleteMultipartUpload(S3Call call)
    {
        var body = S3Xml.Parse(call.Payload.Content);
        var parts = S3Xml.Children(body, "Part")
            .Select(p => int.TryParse(S3Xml.Child(p, "PartNumber"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && S3Xml.Child(p, "ETag") is { } etag
                ? (n, etag)
                : throw S3Errors.MalformedXml())
            .ToList();
        var completed = call.Store.Complete(call.Bucket, call.Key, call.Query("uploadId")!, parts);
        var request = call.Request;
        return S3Xml.WriteAsync(call.Context, new XElement(S3Xml.Name("CompleteMultipartUploadResult"),
            new XElement(S3Xml.Name("Location"), $"{request.Scheme}://{request.Host}/{call.Bucket}/{Uri.EscapeDataString(call.Key).Replace("%2F", "/", StringComparison.Ordinal)}"),
            new XElement(S3Xml.Name("Bucket"), call.Bucket),
            new XElement(S3Xml.Name("Key"), completed.Key),
            new XElement(S3Xml.Name("ETag"), completed.ETag)));
    }

    public static Task AbortMultipartUpload(S3Call call)
    {
        call.Store.Abort(call.Bucket, call.Key, call.Query("uploadId")!);
        call.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }
}
