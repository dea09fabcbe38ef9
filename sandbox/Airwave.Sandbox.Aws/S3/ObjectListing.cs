using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace Airwave.Sandbox.Aws.S3;

/// <summary>ListObjectsV2: prefix, delimiter, max-keys (at most 1000), start-after, opaque continuation tokens, and url encoding.</summary>
internal static class ObjectListing
{
    private const int MaxKeysLimit = 1000;

    public static Task ListObjectsV2(S3Call call)
    {
        var maxKeys = MaxKeysLimit;
        if (call.Query("max-keys") is { } max && (!int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out maxKeys)))
        {
            throw S3Errors.InvalidArgument("Provided max-keys not an integer or within integer range", "max-keys", max);
        }
        maxKeys = Math.Min(maxKeys, MaxKeysLimit);
        var encoding = call.Query("encoding-type");
        if (encoding is not null && encoding != "url")
        {
            throw S3Errors.InvalidArgument("Invalid Encoding Method specified in Request", "encoding-type", encoding);
        }
        var token = call.Query("continuation-token");
        var startAfter = call.Query("start-after");
        var prefix = call.Query("prefix") ?? "";
        var delimiter = call.Query("delimiter") is { Length: > 0 } d ? d : null;
        var after = token is null ? startAfter : Marker(token);
        var page = call.Store.List(call.Bucket, new S3ListRequest(prefix, delimiter, after, maxKeys));
        var fetchOwner = call.Query("fetch-owner") == "true";
        string Encode(string value) => encoding is null ? value : Uri.EscapeDataString(value);

        var result = new XElement(S3Xml.Name("ListBucketResult"),
            new XElement(S3Xml.Name("Name"), call.Bucket),
            new XElement(S3Xml.Name("Prefix"), Encode(prefix)),
            delimiter is null ? null : new XElement(S3Xml.Name("Delimiter"), Encode(delimiter)),
            new XElement(S3Xml.Name("MaxKeys"), maxKeys),
            encoding is null ? null : new XElement(S3Xml.Name("EncodingType"), encoding),
            new XElement(S3Xml.Name("KeyCount"), page.Contents.Count + page.CommonPrefixes.Count),
            new XElement(S3Xml.Name("IsTruncated"), page.IsTruncated ? "true" : "false"),
            token is null ? null : new XElement(S3Xml.Name("ContinuationToken"), token),
            page.NextMarker is null ? null : new XElement(S3Xml.Name("NextContinuationToken"), Token(page.NextMarker)),
            startAfter is null ? null : new XElement(S3Xml.Name("StartAfter"), Encode(startAfter)),
            page.Contents.Select(o => new XElement(S3Xml.Name("Contents"),
                new XElement(S3Xml.Name("Key"), Encode(o.Key)),
                new XElement(S3Xml.Name("LastModified"), S3Xml.Timestamp(o.LastModified)),
                new XElement(S3Xml.Name("ETag"), o.ETag),
                o.Checksum is null ? null : new XElement(S3Xml.Name("ChecksumAlgorithm"), o.Checksum.Algorithm),
                new XElement(S3Xml.Name("Size"), o.Content.Length),
                fetchOwner ? BucketOperations.Owner(call.Options) : null,
                new XElement(S3Xml.Name("StorageClass"), "STANDARD"))),
            page.CommonPrefixes.Select(p => new XElement(S3Xml.Name("CommonPrefixes"), new XElement(S3Xml.Name("Prefix"), Encode(p)))));
        return S3Xml.WriteAsync(call.Context, result);
    }

    // The token is opaque to clients; it carries the last key or common prefix returned.
    private static string Token(string marker) => Convert.ToBase64String(Encoding.UTF8.GetBytes("airwave:" + marker));

    private static string Marker(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("airwave:", StringComparison.Ordinal))
            {
                return text["airwave:".Length..];
            }
        }
        catch (FormatException)
        {
        }
        throw S3Errors.InvalidArgument("The continuation token provided is incorrect", "continuation-token", token);
    }
}
