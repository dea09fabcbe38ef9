namespace Airwave.Sfu.Http;

/// <summary>
/// What became of a WHIP or WHEP request: a session and the engine's session description (and the entity tag of its
/// ICE session), an ICE restart's SDP fragment, or an HTTP status and why not.
/// </summary>
public sealed record SessionResult(string? Session, string? Sdp, int Status, string? Title, string? Detail, string? ETag = null)
{
    public static SessionResult Made(string session, string sdp, string? etag = null) => new(session, sdp, 201, null, null, etag);

    /// <summary>An ICE restart: the server's new credentials and candidates (200).</summary>
    public static SessionResult Restarted(string fragment, string etag) => new(null, fragment, 200, null, null, etag);

    public static SessionResult Refused(int status, string title, string detail) => new(null, null, status, title, detail);
}
