using System.Net;

namespace Airwave.Sandbox.Kubernetes.Streaming.PortForward;

/// <summary>A running pod ports are forwarded to: its address, and its name and uid for error messages.</summary>
internal sealed record PortForwardTarget(string Namespace, string Name, string Uid, IPAddress Address)
{
    public string Failure(int port, string why) => $"error forwarding port {port} to pod {Namespace}/{Name}, uid {Uid}: {why}";
}
