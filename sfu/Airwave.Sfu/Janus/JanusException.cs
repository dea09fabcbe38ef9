namespace Airwave.Sfu.Janus;

/// <summary>The engine refused a request: its error code (458: no such session; 0 when it gave none) and reason.</summary>
public sealed class JanusException(int code, string reason) : Exception(reason)
{
    public int Code { get; } = code;
}
