namespace Airwave.Aws.MediaPackage;

/// <summary>Members left null keep their current value.</summary>
public sealed record UpdateOriginEndpointRequest(
    HlsPackage? HlsPackage = null,
    string? Description = null,
    string? ManifestName = null,
    int? StartoverWindowSeconds = null,
    int? TimeDelaySeconds = null,
    CdnAuthorization? Authorization = null);
