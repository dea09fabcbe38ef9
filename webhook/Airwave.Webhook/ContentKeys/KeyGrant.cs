using System.Globalization;
using Airwave.Webhook.UploadPlayback;

namespace Airwave.Webhook.ContentKeys;

/// <summary>
/// Lets a player fetch the content keys of a Signed stream (<see cref="Api.LiveStreams.StreamContentId"/>) until a
/// moment: the query <c>expires=...&amp;signature=...</c> added to the key URL, a <see cref="PlaylistToken"/> over the
/// content id. The webhook service writes it into the key URLs of the playlists it serves a viewer with a playback
/// token, and gives it with the token to players that play with cookies.
/// </summary>
public static class KeyGrant
{
    /// <summary>The key URL's query for <paramref name="contentId"/>'s keys.</summary>
    public static string Query(string key, string contentId, DateTimeOffset expires) =>
        $"expires={expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}&signature={PlaylistToken.Sign(key, Scope(contentId), expires)}";

    public static bool IsValid(string key, string contentId, string? expires, string? signature, DateTimeOffset now) =>
        PlaylistToken.ParseExpiry(expires) is { } until && !string.IsNullOrEmpty(signature)
        && PlaylistToken.IsValid(key, Scope(contentId), until, signature, now);

    // Content ids have no '/': no playlist grant's scope (namespace/name/...) reads the same.
    private static string Scope(string contentId) => $"keys/{contentId}";
}
