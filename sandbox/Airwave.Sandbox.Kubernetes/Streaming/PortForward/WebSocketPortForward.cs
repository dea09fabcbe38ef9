using System.Net.WebSockets;
using System.Text;

namespace Airwave.Sandbox.Kubernetes.Streaming.PortForward;

/// <summary>
/// Port forwarding over WebSocket channels (v4.channel.k8s.io), as the official C# and Python clients do it: the
/// ports are in the request (<c>?ports=8080,9090</c>), port i has data channel 2i and error channel 2i+1, and each
/// channel's first message from the server is its port (two bytes, little-endian). One connection per port is made
/// at once; the session ends when they all have.
/// </summary>
internal static class WebSocketPortForward
{
    public const string Protocol = "v4.channel.k8s.io";

    public static async Task ServeAsync(WebSocket socket, PortForwardTarget target, IReadOnlyList<int> ports, CancellationToken ct)
    {
        using var channels = new WebSocketChannels(socket, closesChannels: false);
        var data = ports.Select((_, i) => channels.Open((byte)(2 * i))).ToList();
        for (var i = 0; i < ports.Count; i++)
        {
            byte[] port = [(byte)ports[i], (byte)(ports[i] >> 8)];
            await channels.SendAsync((byte)(2 * i), port, ct);
            await channels.SendAsync((byte)((2 * i) + 1), port, ct);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = channels.ReadAsync(stop.Token);
        await Task.WhenAll(ports.Select((port, i) => ForwardAsync(channels, target, port, (byte)(2 * i), data[i], stop.Token)));
        await channels.CloseAsync(reading, stop, ct);
    }

    private static async Task ForwardAsync(WebSocketChannels channels, PortForwardTarget target, int port, byte id, IDuplexChannel data, CancellationToken ct)
    {
        try
        {
            if (await PortForwarder.ForwardAsync(target.Address, port, data, ct) is { } failure)
            {
                await channels.SendAsync((byte)(id + 1), Encoding.UTF8.GetBytes(target.Failure(port, failure)), ct);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away.
        }
        finally
        {
            channels.Finish(id);
        }
    }
}
