using System.Net;
using System.Net.Sockets;

namespace Airwave.Sandbox.Aws.Media;

/// <summary>
/// Hands out the loopback ports of RTMP input destinations: one per destination, free when handed out and never
/// handed out twice, so the URL an input reports is one its channel can listen on while it runs.
/// </summary>
internal sealed class RtmpPorts
{
    private readonly Lock _lock = new();
    private readonly HashSet<int> _given = [];

    public int Reserve()
    {
        lock (_lock)
        {
            while (true)
            {
                using var probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                var port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                if (_given.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
