namespace Airwave.Webhook.LivePlayback;

/// <summary>
/// What the token endpoint answers for a Signed LiveStream: its playlist signed; CloudFront's signed cookies over its
/// folder, with which <c>status.playback.liveUrl</c> plays on a page whose domain shares cookies with the
/// distribution's; and, for an encrypted stream, what such a player adds to its key URLs (the signed playlists carry it).
/// </summary>
public sealed record SignedLiveTokenAnswer(long ExpiresAt, string PlaybackUrl, IReadOnlyDictionary<string, string> Cookies, string? KeyQuery, string? ViewToken);
