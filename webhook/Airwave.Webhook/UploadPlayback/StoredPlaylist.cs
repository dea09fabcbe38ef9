using System.Net;
using Airwave.Hosting;
using Amazon.S3;

namespace Airwave.Webhook.UploadPlayback;

/// <summary>
/// An HLS playlist this service serves from a bucket, rewritten: read whole, within a size limit, and only from under
/// the prefix of what it serves, which a requested path or a playlist's URI must not leave.
/// </summary>
public static class StoredPlaylist
{
    /// <summary>The playlist's text; null when there is no such object; <paramref name="tooLarge"/> when it is over the limit.</summary>
    public static async Task<(string? Text, bool TooLarge)> ReadAsync(IAmazonS3 s3, string bucket, string key, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(s3);
        try
        {
            using var read = await s3.GetObjectAsync(bucket, key, cancellationToken);
            var bytes = read.ContentLength > maxBytes ? null : await BoundedBody.ReadAsync(read.ResponseStream, maxBytes, cancellationToken);
            return bytes is null ? (null, true) : (System.Text.Encoding.UTF8.GetString(bytes.Value.Span).TrimStart('\uFEFF'), false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return (null, false);
        }
    }

    /// <summary>A key or path as a URL path: each segment escaped, the slashes kept.</summary>
    public static string EscapePath(string path) => string.Join('/', (path ?? throw new ArgumentNullException(nameof(path))).Split('/').Select(Uri.EscapeDataString));

    /// <summary>The key of <paramref name="path"/> under <paramref name="prefix"/>; null for a path with dot segments, which could leave it.</summary>
    public static string? Resolve(string prefix, string path)
    {
        var key = $"{prefix}/{Uri.UnescapeDataString(path)}";
        return IsUnder(prefix, key) ? key : null;
    }

    /// <summary>
    /// Whether a key is under the prefix and without "." or ".." segments, which S3 keeps as names but HTTP clients
    /// collapse, so that a presigned or requested URL could reach another's objects.
    /// </summary>
    public static bool IsUnder(string prefix, string key) =>
        key.StartsWith(prefix + "/", StringComparison.Ordinal) && !key.Split('/').Any(segment => segment is "." or "..");

    /// <summary>The keys a playlist names (found by rewriting it with a link that records them).</summary>
    public static List<string> Named(string playlist, string key)
    {
        var named = new List<string>();
        PlaylistRewriter.Rewrite(playlist, key, k =>
        {
            named.Add(k);
            return null;
        });
        return named;
    }
}
