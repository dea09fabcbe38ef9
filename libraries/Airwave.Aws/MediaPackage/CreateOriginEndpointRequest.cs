namespace Airwave.Aws.MediaPackage;

public sealed record CreateOriginEndpointRequest(
    string ChannelId,
    string Id,
    HlsPackage HlsPackage,
    string? Description = null,
    string? ManifestName = null,
    int? StartoverWindowSeconds = null,
    int? TimeDelaySeconds = null,
    IReadOnlyDictionary<string, string>? Tags = null,
    CdnAuthorization? Authorization = null);
