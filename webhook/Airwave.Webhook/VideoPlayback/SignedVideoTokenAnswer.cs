namespace Airwave.Webhook.VideoPlayback;

/// <summary>
/// What the token endpoint answers for a VideoAsset on AWS stored for Signed playback: its master playlist signed, its
/// poster still signed, and CloudFront's signed cookies over its HLS folder (for a page whose domain shares cookies
/// with the distribution's, with which <c>status.playbackUrl</c> plays straight from the distribution).
/// </summary>
public sealed record SignedVideoTokenAnswer(long ExpiresAt, string PlaybackUrl, string? ThumbnailUrl, IReadOnlyDictionary<string, string> Cookies, string? ViewToken);
