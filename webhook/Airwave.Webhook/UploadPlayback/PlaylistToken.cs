using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Airwave.Webhook.UploadPlayback;

/// <summary>
/// Grants playing the playlists of one S3Upload session's uploaded HLS, of one source of a Signed VideoAsset on
/// provider Aws, or of a Signed LiveStream on the live distribution, until a moment: an HMAC-SHA256 over what is played
/// and the expiry, with the installation's upload playback key (<see cref="Api.LiveStreams.UploadPlaybackKeySecret"/>,
/// which the operator makes). The webhook service issues it to callers allowed to get the object and checks it on every
/// playlist it serves; a content key grant (<see cref="ContentKeys.KeyGrant"/>) is one over a content id.
/// </summary>
public static class PlaylistToken
{
    /// <param name="session">What is played: a session's id, or <c>video/{assetId}</c>, or <c>live/...</c> (a '/' no session id has).</param>
    public static string Sign(string key, string @namespace, string name, string session, DateTimeOffset expires) =>
        Sign(key, $"{@namespace}/{name}/{session}", expires);

    /// <summary>Whether <paramref name="signature"/> is this key's for the session and expiry, and the expiry is still ahead.</summary>
    public static bool IsValid(string key, string @namespace, string name, string session, DateTimeOffset expires, string signature, DateTimeOffset now) =>
        IsValid(key, $"{@namespace}/{name}/{session}", expires, signature, now);

    /// <param name="scope">What the grant is for; scopes of different kinds never have the same text.</param>
    public static string Sign(string key, string scope, DateTimeOffset expires)
    {
        ArgumentNullException.ThrowIfNull(key);
        var signed = Encoding.UTF8.GetBytes($"{scope}\n{expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}");
        return Base64Url(HMACSHA256.HashData(Convert.FromBase64String(key), signed));
    }

    public static bool IsValid(string key, string scope, DateTimeOffset expires, string signature, DateTimeOffset now) =>
        expires > now && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(key, scope, expires)), Encoding.ASCII.GetBytes(signature));

    /// <summary>An expiry as a URL carries it (Unix seconds); null when it is not one.</summary>
    public static DateTimeOffset? ParseExpiry(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
