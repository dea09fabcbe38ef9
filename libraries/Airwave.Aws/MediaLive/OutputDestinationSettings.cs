namespace Airwave.Aws.MediaLive;

/// <summary>
/// One pipeline's target. For an HLS WebDAV push to MediaPackage: the ingest URL, its username and the
/// SSM parameter name that holds the password (MediaLive never takes the password itself).
/// </summary>
public sealed record OutputDestinationSettings(
    string? Url,
    string? Username = null,
    string? PasswordParam = null,
    string? StreamName = null);
