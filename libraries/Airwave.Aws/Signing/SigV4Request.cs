namespace Airwave.Aws.Signing;

/// <summary>
/// The parts of an HTTP request that SigV4 signs. <see cref="Path"/> is the path as sent on the wire,
/// <see cref="Query"/> the raw query string; <see cref="Headers"/> may repeat a name.
/// When <see cref="SignedHeaders"/> is null every header given is signed.
/// </summary>
public sealed record SigV4Request(
    string Method,
    string Path,
    string Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string PayloadHash,
    IReadOnlyList<string>? SignedHeaders = null)
{
    /// <summary>
    /// Whether the canonical URI normalizes <see cref="Path"/> and encodes it once more (every service but S3);
    /// S3 signs the path exactly as sent.
    /// </summary>
    public bool NormalizePath { get; init; } = true;

    /// <summary>Lower-case, sorted, distinct names of the headers that take part in the signature.</summary>
    public IReadOnlyList<string> SignedHeaderNames() =>
        (SignedHeaders ?? Headers.Select(header => header.Key))
            .Select(name => name.ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
}
