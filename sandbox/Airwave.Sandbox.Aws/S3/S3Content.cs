using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;

namespace Airwave.Sandbox.Aws.S3;

/// <summary>What an upload carries besides its bytes, checked as S3 checks it: digests, metadata, tags.</summary>
internal static class S3Content
{
    public const string DefaultContentType = "binary/octet-stream";
    private const string MetadataPrefix = "x-amz-meta-";

    /// <summary>
    /// Content-MD5 and any <c>x-amz-checksum-*</c> header or trailer must match the bytes received; returns the
    /// checksum to keep with the object, if one was sent.
    /// </summary>
    public static S3Checksum? Verify(S3Call call)
    {
        var content = call.Payload.Content;
        if (call.Header("Content-MD5") is { } md5)
        {
            byte[] claimed;
            try
            {
                claimed = Convert.FromBase64String(md5);
            }
            catch (FormatException)
            {
                throw S3Errors.InvalidDigest();
            }
            if (claimed.Length != 16)
            {
                throw S3Errors.InvalidDigest();
            }
#pragma warning disable CA5351 // Content-MD5 is S3's integrity check, not security.
            if (!claimed.AsSpan().SequenceEqual(MD5.HashData(content)))
#pragma warning restore CA5351
            {
                throw S3Errors.BadDigest();
            }
        }

        S3Checksum? kept = null;
        var sent = call.Request.Headers.Select(h => (h.Key, Value: h.Value.ToString()))
            .Concat(call.Payload.Trailers.Select(t => (t.Key, t.Value)));
        foreach (var (name, value) in sent)
        {
            if (S3Checksums.AlgorithmOf(name) is not { } algorithm)
            {
                continue;
            }
            if (S3Checksums.Compute(algorithm, content) != value)
            {
                throw S3Errors.ChecksumMismatch(algorithm);
            }
            kept = new S3Checksum(algorithm, value);
        }
        return kept;
    }

    public static string ContentType(S3Call call) => call.Header("Content-Type") is { Length: > 0 } type ? type : DefaultContentType;

    /// <summary>User metadata from <c>x-amz-meta-*</c> headers, keys lower-cased as S3 returns them.</summary>
    public static IReadOnlyDictionary<string, string> Metadata(S3Call call) =>
        call.Request.Headers
            .Where(h => h.Key.StartsWith(MetadataPrefix, StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => h.Key[MetadataPrefix.Length..].ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);

    /// <summary>Tags from the <c>x-amz-tagging</c> header, URL-query encoded (<c>a=1&amp;b=2</c>).</summary>
    public static IReadOnlyDictionary<string, string> TagsFromHeader(S3Call call)
    {
        if (call.Header("x-amz-tagging") is not { Length: > 0 } header)
        {
            return new Dictionary<string, string>();
        }
        var pairs = QueryHelpers.ParseQuery(header.StartsWith('?') ? header : "?" + header);
        if (pairs.Any(p => p.Value.Count > 1))
        {
            throw S3Errors.InvalidTag("Cannot provide multiple Tags with the same key");
        }
        return Validated(pairs.Select(p => (p.Key, p.Value.ToString())));
    }

    /// <summary>S3's limits: at most 10 tags, keys up to 128 and values up to 256 characters, each key once.</summary>
    public static IReadOnlyDictionary<string, string> Validated(IEnumerable<(string Key, string Value)> tags)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 128)
            {
                throw S3Errors.InvalidTag("The TagKey you have provided is invalid");
            }
            if (value.Length > 256)
            {
                throw S3Errors.InvalidTag("The TagValue you have provided is invalid");
            }
            if (!result.TryAdd(key, value))
            {
                throw S3Errors.InvalidTag("Cannot provide multiple Tags with the same key");
            }
        }
        if (result.Count > 10)
        {
            throw S3Errors.InvalidTag("Object tags cannot be greater than 10");
        }
        return result;
    }
}
