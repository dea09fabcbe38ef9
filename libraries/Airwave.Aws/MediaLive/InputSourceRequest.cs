namespace Airwave.Aws.MediaLive;

/// <summary>A pull input's source (URL_PULL, RTMP_PULL, MP4_FILE): the URL MediaLive fetches, one per pipeline.</summary>
public sealed record InputSourceRequest(string Url, string? Username = null, string? PasswordParam = null);
