using System.Globalization;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Aws.S3;

/// <summary>CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload and ListMultipartUploads.</summary>
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

    /// <summary>The uploads in progress under a prefix, a page of max-uploads (at most 1000) after key-marker and upload-id-marker.</summary>
    public static Task ListMultipartUploads(S3Call call)
    {
        var prefix = call.Query("prefix") ?? "";
        var keyMarker = call.Query("key-marker") ?? "";
        var idMarker = call.Query("upload-id-marker");
        var max = call.Query("max-uploads") is { } asked
            ? int.TryParse(asked, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Math.Min(n, 1000) : throw S3Errors.InvalidArgument("Provided max-uploads not an integer or within integer range", "max-uploads", asked)
            : 1000;
        var after = call.Store.ListUploads(call.Bucket, prefix)
            .SkipWhile(u => keyMarker.Length > 0 && (string.CompareOrdinal(u.Key, keyMarker) < 0 || (u.Key == keyMarker && (idMarker is null || string.CompareOrdinal(u.Id, idMarker) <= 0))))
            .ToList();
        var page = after.Take(max).ToList();
        var truncated = after.Count > page.Count;
        var owner = BucketOperations.Owner(call.Options);
        return S3Xml.WriteAsync(call.Context, new XElement(S3Xml.Name("ListMultipartUploadsResult"),
            new XElement(S3Xml.Name("Bucket"), call.Bucket),
            new XElement(S3Xml.Name("KeyMarker"), keyMarker),
            new XElement(S3Xml.Name("UploadIdMarker"), idMarker ?? ""),
            truncated ? new XElement(S3Xml.Name("NextKeyMarker"), page[^1].Key) : null,
            truncated ? new XElement(S3Xml.Name("NextUploadIdMarker"), page[^1].Id) : null,
            new XElement(S3Xml.Name("Prefix"), prefix),
            new XElement(S3Xml.Name("MaxUploads"), max),
            new XElement(S3Xml.Name("IsTruncated"), truncated ? "true" : "false"),
            page.Select(u => new XElement(S3Xml.Name("Upload"),
                new XElement(S3Xml.Name("Key"), u.Key),
                new XElement(S3Xml.Name("UploadId"), u.Id),
                new XElement(S3Xml.Name("Initiator"), owner.Elements()),
                owner,
                new XElement(S3Xml.Name("StorageClass"), "STANDARD"),
                new XElement(S3Xml.Name("Initiated"), S3Xml.Timestamp(u.Initiated))))));
    }

    public static Task AbortMultipartUpload(S3Call call)
    {
        call.Store.Abort(call.Bucket, call.Key, call.Query("uploadId")!);
        call.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }
}
