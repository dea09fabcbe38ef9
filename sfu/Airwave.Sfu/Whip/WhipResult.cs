namespace Airwave.Sfu.Whip;

/// <summary>What became of a publisher's offer: a session with the engine's answer, or an HTTP status and why not.</summary>
public sealed record WhipResult(string? Session, string? Answer, int Status, string? Title, string? Detail)
{
    public static WhipResult Published(string session, string answer) => new(session, answer, 201, null, null);

    public static WhipResult Refused(int status, string title, string detail) => new(null, null, status, title, detail);
}
