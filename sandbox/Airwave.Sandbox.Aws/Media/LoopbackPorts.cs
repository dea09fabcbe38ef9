using System.Net;
using System.Net.Sockets;

namespace Airwave.Sandbox.Aws.Media;

/// <summary>
/// Free loopback ports for what the emulator listens on: its own endpoint, each input destination, each pipeline's
/// ffmpeg. <see cref="Reserve"/> never hands out one port twice, so an input's URL stays its own.
/// </summary>
internal sealed class LoopbackPorts
{
    private readonly Lock _lock = new();
    private readonly HashSet<int> _given = [];

    public int Reserve()
    {
        lock (_lock)
        {
            while (true)
            {
                var port = Free(IPAddress.Loopback);
                if (_given.Add(port))
                {
                    return port;
                }
            }
        }
    }

    /// <summary>A port free on this address now (the system's choice for port 0).</summary>
    public static int Free(IPAddress address)
    {
        using var probe = new TcpListener(address, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
