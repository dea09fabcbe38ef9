using System.Net.WebSockets;
using System.Text;

namespace Airwave.Sandbox.Kubernetes.Streaming.PortForward;

/// <summary>
/// Port forwarding over WebSocket channels (v4.channel.k8s.io), as the official C# and Python clients do it: the
/// ports are in the request (<c>?ports=8080,9090</c>), port i has data channel 2i and error channel 2i+1, each
/// message is its channel's byte and data, and each channel's first message from the server is its port (two bytes,
/// little-endian). One connection per port is made at once; the session ends when they all have.
/// </summary>
internal sealed class WebSocketPortForward(WebSocket socket) : IDisposable
{
    public const string Protocol = "v4.channel.k8s.io";
    private const int MaxMessageBytes = 1 << 20;
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _sending = new(1, 1);

    public static async Task ServeAsync(WebSocket socket, PortForwardTarget target, IReadOnlyList<int> ports, CancellationToken ct)
    {
        using var session = new WebSocketPortForward(socket);
        var channels = ports.Select((_, i) => new DataChannel(session, (byte)(2 * i))).ToList();
        for (var i = 0; i < ports.Count; i++)
        {
            byte[] port = [(byte)ports[i], (byte)(ports[i] >> 8)];
            await session.SendAsync((byte)(2 * i), port, ct);
            await session.SendAsync((byte)((2 * i) + 1), port, ct);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = session.ReadAsync(channels, stop.Token);
        await Task.WhenAll(ports.Select((port, i) => session.ForwardAsync(target, port, channels[i], stop.Token)));
        try
        {
            // Cancelling a receive aborts the socket, and clients lose what they have not handed on yet: close instead,
            // and give the client a moment to answer.
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, ct);
            await reading.WaitAsync(CloseWait, ct);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or WebSocketException)
        {
            await stop.CancelAsync();
            await reading;
        }
    }

    public void Dispose() => _sending.Dispose();

    private async Task ForwardAsync(PortForwardTarget target, int port, DataChannel channel, CancellationToken ct)
    {
        try
        {
            if (await PortForwarder.ForwardAsync(target.Address, port, channel, ct) is { } failure)
            {
                await SendAsync((byte)(channel.Id + 1), Encoding.UTF8.GetBytes(target.Failure(port, failure)), ct);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away.
        }
        finally
        {
            // Whatever the client still sends to this port is dropped.
            channel.Incoming.Complete();
        }
    }

    /// <summary>The client's messages to their data channels, until it closes or the forwarding is over.</summary>
    private async Task ReadAsync(IReadOnlyList<DataChannel> channels, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var received = await socket.ReceiveAsync(buffer, ct);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, received.Count);
                if (message.Length > MaxMessageBytes)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, $"messages are at most {MaxMessageBytes} bytes", ct);
                    break;
                }

                if (received.EndOfMessage)
                {
                    var data = message.ToArray();
                    message.SetLength(0);
                    if (data.Length > 1 && data[0] % 2 == 0 && data[0] / 2 < channels.Count)
                    {
                        await channels[data[0] / 2].Incoming.DeliverAsync(data[1..], ct);
                    }
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away, or the forwarding ended first.
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Incoming.Complete();
            }
        }
    }

    private async Task SendAsync(byte channel, ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        var message = new byte[data.Length + 1];
        message[0] = channel;
        data.CopyTo(message.AsMemory(1));
        await _sending.WaitAsync(ct);
        try
        {
            await socket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, ct);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>A port's data channel; v4 has no way to end one side, so the session's end ends it.</summary>
    private sealed class DataChannel(WebSocketPortForward session, byte id) : IDuplexChannel
    {
        public byte Id => id;

        public IncomingBytes Incoming { get; } = new();

        public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct) => Incoming.ReadAsync(buffer, ct);

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct) => await session.SendAsync(id, data, ct);

        public ValueTask CompleteWritesAsync(CancellationToken ct) => ValueTask.CompletedTask;
    }
}
