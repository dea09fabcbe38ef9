namespace Airwave.Aws.S3;

/// <summary>A presigned S3 URL and the moment it stops working.</summary>
public sealed record PresignedUrl(string Url, DateTimeOffset Expires);
