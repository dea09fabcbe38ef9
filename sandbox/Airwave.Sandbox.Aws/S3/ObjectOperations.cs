using System.Globalization;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Aws.S3;

/// <summary>PutObject, CopyObject, GetObject (ranges, conditions), HeadObject, DeleteObject(s) and object tagging.</summary>
internal static class ObjectOperations
{
    public static Task PutObject(S3Call call)
    {
        var checksum = S3Content.Verify(call);
        var content = call.Payload.Content;
        var stored = call.Store.Put(call.Bucket, new S3Object(
            call.Key, content, S3Store.ETagOf(content), call.Store.Now, S3Content.ContentType(call), S3Content.Metadata(call), S3Content.TagsFromHeader(call), checksum));
        call.Response.Headers.ETag = stored.ETag;
        if (checksum is not null)
        {
            call.Response.Headers[checksum.HeaderName] = checksum.Value;
        }
        return Task.CompletedTask;
    }

    /// <summary>PUT with <c>x-amz-copy-source: /bucket/key</c>; metadata and tags copied unless the directives say REPLACE.</summary>
    public static Task CopyObject(S3Call call)
    {
        var source = Uri.UnescapeDataString(call.Header("x-amz-copy-source")!.Split('?', 2)[0]).TrimStart('/').Split('/', 2);
        if (source.Length != 2 || source[1].Length == 0)
        {
            throw S3Errors.InvalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey", "x-amz-copy-source", call.Header("x-amz-copy-source")!);
        }
        var original = call.Store.Get(source[0], source[1]);
        var replaceMetadata = call.Header("x-amz-metadata-directive") == "REPLACE";
        var replaceTags = call.Header("x-amz-tagging-directive") == "REPLACE";
        if (source[0] == call.Bucket && source[1] == call.Key && !replaceMetadata)
        {
            throw S3Errors.InvalidRequest("This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
        }
        var copy = call.Store.Put(call.Bucket, original with
        {
            Key = call.Key,
            LastModified = call.Store.Now,
            ContentType = replaceMetadata ? S3Content.ContentType(call) : original.ContentType,
            Metadata = replaceMetadata ? S3Content.Metadata(call) : original.Metadata,
            Tags = replaceTags ? S3Content.TagsFromHeader(call) : original.Tags,
        });
        return S3Xml.WriteAsync(call.Context, new XElement(S3Xml.Name("CopyObjectResult"),
            new XElement(S3Xml.Name("LastModified"), S3Xml.Timestamp(copy.LastModified)),
            new XElement(S3Xml.Name("ETag"), copy.ETag)));
    }

    public static Task GetObject(S3Call call) => Serve(call, withBody: true);

    public static Task HeadObject(S3Call call) => Serve(call, withBody: false);

    public static Task DeleteObject(S3Call call)
    {
        call.Store.Delete(call.Bucket, call.Key);
        call.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    /// <summary>POST ?delete: up to 1000 keys; each is reported deleted (missing ones too, as S3 does) unless Quiet.</summary>
    public static Task DeleteObjects(S3Call call)
    {
        S3Content.Verify(call);
        var body = S3Xml.Parse(call.Payload.Content);
        var keys = S3Xml.Children(body, "Object").Select(o => S3Xml.Child(o, "Key") ?? throw S3Errors.MalformedXml()).ToList();
        if (keys.Count is 0 or > 1000)
        {
            throw S3Errors.MalformedXml();
        }
        foreach (var key in keys)
        {
            call.Store.Delete(call.Bucket, key);
        }
        var quiet = S3Xml.Child(body, "Quiet") == "true";
        return S3Xml.WriteAsync(call.Context, new XElement(S3Xml.Name("DeleteResult"),
            quiet ? null : keys.Select(k => new XElement(S3Xml.Name("Deleted"), new XElement(S3Xml.Name("Key"), k)))));
    }

    public static Task PutObjectTagging(S3Call call)
    {
        var body = S3Xml.Parse(call.Payload.Content);
        var tagSet = S3Xml.Children(body, "TagSet").FirstOrDefault() ?? throw S3Errors.MalformedXml();
        var tags = S3Content.Validated(S3Xml.Children(tagSet, "Tag").Select(t => (S3Xml.Child(t, "Key") ?? "", S3Xml.Child(t, "Value") ?? "")));
        call.Store.SetTags(call.Bucket, call.Key, tags);
        return Task.CompletedTask;
    }

    public static Task GetObjectTagging(S3Call call)
    {
        var tags = call.Store.Get(call.Bucket, call.Key).Tags;
        return S3Xml.WriteAsync(call.Context, new XElement(S3Xml.Name("Tagging"),
            new XElement(S3Xml.Name("TagSet"), tags.Select(t => new XElement(S3Xml.Name("Tag"),
                new XElement(S3Xml.Name("Key"), t.Key),
                new XElement(S3Xml.Name("Value"), t.Value))))));
    }

    public static Task DeleteObjectTagging(S3Call call)
    {
        call.Store.SetTags(call.Bucket, call.Key, new Dictionary<string, string>());
        call.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private static async Task Serve(S3Call call, bool withBody)
    {
        var value = call.Store.Get(call.Bucket, call.Key);
        var headers = call.Response.Headers;
        if (call.Header("If-Match") is { } ifMatch && !EntityTagsInclude(ifMatch, value.ETag))
        {
            throw S3Errors.PreconditionFailed("If-Match");
        }
        headers.ETag = value.ETag;
        headers.LastModified = value.LastModified.ToString("R", CultureInfo.InvariantCulture);
        if (call.Header("If-None-Match") is { } ifNoneMatch && EntityTagsInclude(ifNoneMatch, value.ETag))
        {
            call.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var (start, length) = Range(call.Header("Range"), value.Content.Length);
        headers.AcceptRanges = "bytes";
        headers.ContentType = call.Query("response-content-type") ?? value.ContentType;
        if (call.Query("response-content-disposition") is { } disposition)
        {
            headers.ContentDisposition = disposition;
        }
        foreach (var (name, metadata) in value.Metadata)
        {
            headers["x-amz-meta-" + name] = metadata;
        }
        if (value.Tags.Count > 0)
        {
            headers["x-amz-tagging-count"] = value.Tags.Count.ToString(CultureInfo.InvariantCulture);
        }
        var partial = length != value.Content.Length;
        if (value.Checksum is { } checksum && !partial && call.Header("x-amz-checksum-mode") == "ENABLED")
        {
            headers[checksum.HeaderName] = checksum.Value;
        }
        if (partial)
        {
            call.Response.StatusCode = StatusCodes.Status206PartialContent;
            headers.ContentRange = $"bytes {start}-{start + length - 1}/{value.Content.Length}";
        }
        call.Response.ContentLength = length;
        if (withBody)
        {
            await call.Response.Body.WriteAsync(value.Content.AsMemory(start, length), call.Context.RequestAborted);
        }
    }

    /// <summary>
    /// One byte range (<c>bytes=a-b</c>, <c>bytes=a-</c>, <c>bytes=-n</c>) as S3 serves it: a range it cannot read is
    /// ignored (the whole object), one that starts past the end is 416.
    /// </summary>
    private static (int Start, int Length) Range(string? header, int size)
    {
        const string Unit = "bytes=";
        if (header is null || !header.StartsWith(Unit, StringComparison.Ordinal) || header.Contains(',', StringComparison.Ordinal))
        {
            return (0, size);
        }
        var bounds = header[Unit.Length..].Split('-', 2);
        if (bounds.Length != 2)
        {
            return (0, size);
        }
        var hasFirst = long.TryParse(bounds[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first);
        var hasLast = long.TryParse(bounds[1], NumberStyles.None, CultureInfo.InvariantCulture, out var last);
        if (!hasFirst && hasLast)
        {
            if (last == 0 || size == 0)
            {
                throw S3Errors.InvalidRange(size);
            }
            var suffix = (int)Math.Min(last, size);
            return (size - suffix, suffix);
        }
        if (!hasFirst || (bounds[1].Length > 0 && (!hasLast || last < first)))
        {
            return (0, size);
        }
        if (first >= size)
        {
            throw S3Errors.InvalidRange(size);
        }
        var end = hasLast ? Math.Min(last, size - 1) : size - 1;
        return ((int)first, (int)(end - first + 1));
    }

    private static bool EntityTagsInclude(string header, string etag) =>
        header.Split(',', StringSplitOptions.TrimEntries).Any(t => t == "*" || t.Trim('"') == etag.Trim('"'));
}
