using System.Net;
using System.Net.Sockets;

namespace Airwave.Benchmarking;

public static class Ports
{
    /// <summary>A loopback TCP port free now, for a server the benchmark starts.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
