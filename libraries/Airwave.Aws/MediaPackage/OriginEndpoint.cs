namespace Airwave.Aws.MediaPackage;

/// <summary>An origin endpoint; <see cref="Url"/> is the playback URL CloudFront or players fetch.</summary>
public sealed record OriginEndpoint(
    string Id,
    string Arn,
    string ChannelId,
    string? Description,
    HlsPackage? HlsPackage,
    string? ManifestName,
    int? StartoverWindowSeconds,
    int? TimeDelaySeconds,
    string? Origination,
    string Url,
    IReadOnlyDictionary<string, string>? Tags,
    CdnAuthorization? Authorization = null);
