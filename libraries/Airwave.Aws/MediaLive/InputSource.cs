namespace Airwave.Aws.MediaLive;

/// <summary>Where a pull input fetches its stream from; push inputs (RTMP) have none.</summary>
public sealed record InputSource(string? Url = null, string? Username = null, string? PasswordParam = null);
