namespace Airwave.Aws.S3;

/// <summary>An object or key prefix in S3, as users see it: s3://bucket/key.</summary>
public sealed record S3Path(string Bucket, string Key)
{
    public override string ToString() => $"s3://{Bucket}/{Key}";

    /// <summary>The key up to and including its last '/': the "folder" a key is in.</summary>
    public string Folder => Key[..(Key.LastIndexOf('/') + 1)];

    /// <summary>This path taken as a folder (a session's archivePath): its key with one trailing '/'.</summary>
    public string AsFolder => Key.TrimEnd('/') + "/";

    public static S3Path? Parse(string? url)
    {
        if (url is null || !url.StartsWith("s3://", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = url["s3://".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash <= 0 ? null : new S3Path(rest[..slash], rest[(slash + 1)..]);
    }
}
