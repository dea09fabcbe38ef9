using System.Net;
using System.Net.Sockets;

namespace Airwave.Sandbox.Kubernetes.Streaming.PortForward;

/// <summary>
/// One forwarded connection: a TCP connection to the pod's port, bytes copied both ways with a client's stream.
/// When one way ends (the pod closed, or the client ended its side) the end is passed on and the other way gets a
/// second to finish, as the container runtimes' port forwarding (socat's) does.
/// </summary>
internal static class PortForwarder
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(1);

    /// <summary>Why the pod could not be reached, or null once the connection has run its course.</summary>
    public static async Task<string?> ForwardAsync(IPAddress address, int port, IDuplexChannel client, CancellationToken ct)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using var connecting = CancellationTokenSource.CreateLinkedTokenSource(ct);
            connecting.CancelAfter(ConnectTimeout);
            await socket.ConnectAsync(new IPEndPoint(address, port), connecting.Token);
        }
        catch (SocketException e)
        {
            return $"failed to connect to {address}:{port} in the pod: {e.Message}";
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return $"failed to connect to {address}:{port} in the pod: no answer within {ConnectTimeout.TotalSeconds:0} s";
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var toPod = ToPodAsync(client, socket, stop.Token);
        var toClient = ToClientAsync(socket, client, stop.Token);
        var first = await Task.WhenAny(toPod, toClient);
        try
        {
            await (first == toPod ? toClient : toPod).WaitAsync(Linger, ct);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            await stop.CancelAsync();
            await Task.WhenAll(toPod, toClient);
        }

        return null;
    }

    private static async Task ToPodAsync(IDuplexChannel client, Socket socket, CancellationToken ct)
    {
        var buffer = new byte[32 * 1024];
        try
        {
            int read;
            while ((read = await client.ReadAsync(buffer, ct)) > 0)
            {
                await socket.SendAsync(buffer.AsMemory(0, read), ct);
            }

            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException or System.Net.WebSockets.WebSocketException)
        {
            // This way is over; the other ends on its own or after the linger.
        }
    }

    private static async Task ToClientAsync(Socket socket, IDuplexChannel client, CancellationToken ct)
    {
        var buffer = new byte[32 * 1024];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, ct)) > 0)
            {
                await client.WriteAsync(buffer.AsMemory(0, read), ct);
            }

            await client.CompleteWritesAsync(ct);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException or System.Net.WebSockets.WebSocketException)
        {
            // As above.
        }
    }
}
