namespace Airwave.Sandbox.Aws.S3;

/// <summary>One stored object: its bytes and what S3 keeps alongside them.</summary>
internal sealed record S3Object(
    string Key,
    byte[] Content,
    string ETag,
    DateTimeOffset LastModified,
    string ContentType,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyDictionary<string, string> Tags,
    S3Checksum? Checksum);

/// <summary>A full-object checksum as the client sent it (<c>x-amz-checksum-crc32</c>: base64 of the big-endian value).</summary>
internal sealed record S3Checksum(string Algorithm, string Value)
{
    public string HeaderName => $"x-amz-checksum-{Algorithm.ToLowerInvariant()}";
}
