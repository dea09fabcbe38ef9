using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Airwave.Sandbox.Aws;

/// <summary>
/// Ports for what the sandbox (and a test) listens on after choosing the port: the emulators' endpoints, each MediaLive
/// input destination, each ffmpeg pipeline, the webhook service's callback URL that Mux learns before the service
/// starts. The system's choice for port 0 comes from the ephemeral range, from which every outgoing connection also
/// takes its source port, so such a port can be taken between choosing and binding it (seen as "address already in
/// use" under load). These ports come from below that range, where only an explicit bind lands, and none is handed
/// out twice by this process.
/// </summary>
public static class LoopbackPorts
{
    private const int Lowest = 10_000;
    private static readonly Lock Gate = new();
    private static readonly HashSet<int> Given = [];

    /// <summary>A port free on <paramref name="address"/> (loopback when null), outside the ephemeral range.</summary>
    public static int Reserve(IPAddress? address = null)
    {
        address ??= IPAddress.Loopback;
        var (ephemeralLow, _) = EphemeralRange();
        var below = Math.Max(ephemeralLow - Lowest, 1);
        lock (Gate)
        {
            // Bounded: far more tries than the range can have taken ports in a test run.
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var port = Lowest + Random.Shared.Next(below);
                if (!Given.Contains(port) && IsFree(address, port))
                {
                    Given.Add(port);
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"no free port on {address} between {Lowest} and {ephemeralLow}");
    }

    private static bool IsFree(IPAddress address, int port)
    {
        try
        {
            using var probe = new TcpListener(address, port);
            probe.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Linux's ip_local_port_range; its default where the file cannot be read.</summary>
    private static (int Low, int High) EphemeralRange()
    {
        try
        {
            var parts = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return (32768, 60999);
        }
    }
}
