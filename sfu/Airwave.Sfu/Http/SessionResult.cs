namespace Airwave.Sfu.Http;

/// <summary>What became of a WHIP or WHEP request: a session and the engine's session description, done, or an HTTP status and why not.</summary>
public sealed record SessionResult(string? Session, string? Sdp, int Status, string? Title, string? Detail)
{
    public static SessionResult Made(string session, string sdp) => new(session, sdp, 201, null, null);

    /// <summary>Done, nothing to send back (204).</summary>
    public static SessionResult Done() => new(null, null, 204, null, null);

    public static SessionResult Refused(int status, string title, string detail) => new(null, null, status, title, detail);
}
