namespace Airwave.Sfu.Janus;

/// <summary>The engine refused a request: its error code (458: no such session) and reason.</summary>
public sealed class JanusException(int code, string reason) : Exception(reason)
{
    /// <summary>The engine no longer has the session (it timed out, or was destroyed).</summary>
    public const int NoSuchSession = 458;

    public int Code { get; } = code;
}
