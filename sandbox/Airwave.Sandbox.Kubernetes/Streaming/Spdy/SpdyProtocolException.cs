namespace Airwave.Sandbox.Kubernetes.Streaming.Spdy;

/// <summary>A peer broke SPDY/3's framing; the connection ends with a GOAWAY naming a protocol error.</summary>
internal sealed class SpdyProtocolException(string message) : Exception(message);
