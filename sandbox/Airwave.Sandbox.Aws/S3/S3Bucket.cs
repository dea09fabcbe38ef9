namespace Airwave.Sandbox.Aws.S3;

/// <summary>A bucket: objects ordered by key in UTF-8 binary order, as S3 lists them, and its multipart uploads in progress.</summary>
internal sealed class S3Bucket(string name, DateTimeOffset creationDate)
{
    public string Name { get; } = name;

    public DateTimeOffset CreationDate { get; } = creationDate;

    public SortedDictionary<string, S3Object> Objects { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, MultipartUpload> Uploads { get; } = new(StringComparer.Ordinal);

    /// <summary>The bucket's CORS configuration: none until PutBucketCors sets one.</summary>
    public IReadOnlyList<CorsRule>? Cors { get; set; }
}

/// <summary>An upload started by CreateMultipartUpload: the object's future attributes and the parts received so far.</summary>
internal sealed class MultipartUpload(string id, string key, DateTimeOffset initiated, string contentType, IReadOnlyDictionary<string, string> metadata, IReadOnlyDictionary<string, string> tags)
{
    public string Id { get; } = id;

    public string Key { get; } = key;

    public DateTimeOffset Initiated { get; } = initiated;

    public string ContentType { get; } = contentType;

    public IReadOnlyDictionary<string, string> Metadata { get; } = metadata;

    public IReadOnlyDictionary<string, string> Tags { get; } = tags;

    public SortedDictionary<int, UploadedPart> Parts { get; } = [];
}

internal sealed record UploadedPart(int Number, byte[] Content, string ETag, DateTimeOffset LastModified);
