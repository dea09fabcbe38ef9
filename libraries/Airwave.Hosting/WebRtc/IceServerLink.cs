namespace Airwave.Hosting.WebRtc;

/// <summary>An ICE server as a Link header of a new WHIP or WHEP session (RFC 9725 section 4.6).</summary>
public static class IceServerLink
{
    /// <summary>The link to <paramref name="url"/>, with a TURN server's user name and password when it has them.</summary>
    public static string Format(string url, string? username = null, string? credential = null) =>
        username is null
            ? $"<{url}>; rel=\"ice-server\""
            : $"<{url}>; rel=\"ice-server\"; username=\"{Quoted(username)}\"; credential=\"{Quoted(credential ?? "")}\"; credential-type=\"password\"";

    // A quoted-string (RFC 9110 section 5.6.4): a user name carries the user's id, which may hold a quote.
    private static string Quoted(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
