namespace Airwave.Sfu.Http;

/// <summary>
/// What became of a WHIP or WHEP request: a session and the engine's session description (and the entity tag of its
/// ICE session), an ICE restart's SDP fragment, done, or an HTTP status and why not.
/// </summary>
public sealed record SessionResult(string? Session, string? Sdp, int Status, string? Title, string? Detail, string? ETag = null)
{
    public static SessionResult Made(string session, string sdp, string? etag = null) => new(session, sdp, 201, null, null, etag);

    /// <summary>An ICE restart: the server's new credentials and candidates (200).</summary>
    public static SessionResult Restarted(string fragment, string etag) => new(null, fragment, 200, null, null, etag);

    /// <summary>Done, nothing to send back (204).</summary>
    public static SessionResult Done() => new(null, null, 204, null, null);

    public static SessionResult Refused(int status, string title, string detail) => new(null, null, status, title, detail);
}
