using System.Globalization;
using Airwave.Api.LiveStreams;

namespace Airwave.Operator.LiveStreams;

/// <summary>
/// Where one recording session goes: spec.archive.pathTemplate expanded for the stream and the moment it starts,
/// always under the stream's namespace, so that one tenant cannot write into another's prefix.
/// </summary>
public sealed record ArchiveLocation(string Bucket, string Prefix)
{
    /// <summary>The channel destination (MediaLive writes to S3 over TLS with the s3ssl scheme).</summary>
    public string DestinationUrl => $"s3ssl://{Bucket}/{Prefix}";

    /// <summary>The path users see in status.sessions[].archivePath.</summary>
    public string DisplayPath => $"s3://{Bucket}/{Prefix}";

    public static ArchiveLocation For(ArchiveSpec archive, string bucket, string @namespace, string stream, DateTimeOffset start)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var prefix = archive.PathTemplate
            .Replace("{year}", start.ToString("yyyy", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{month}", start.ToString("MM", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{day}", start.ToString("dd", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{namespace}", @namespace, StringComparison.Ordinal)
            .Replace("{stream}", stream, StringComparison.Ordinal)
            .Replace("{timestamp}", start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        prefix = prefix.Trim('/');
        return new ArchiveLocation(bucket, prefix == @namespace || prefix.StartsWith(@namespace + "/", StringComparison.Ordinal) ? prefix : $"{@namespace}/{prefix}");
    }

    /// <summary>Turns a channel's archive destination back into the path users see.</summary>
    public static string? DisplayPathOf(string? destinationPrefix) =>
        destinationPrefix is null ? null : destinationPrefix.Replace("s3ssl://", "s3://", StringComparison.Ordinal);
}
