using System.Net.WebSockets;

namespace Airwave.Sandbox.Kubernetes.Streaming;

/// <summary>
/// Kubernetes' channel protocol over one WebSocket (<c>v4.channel.k8s.io</c>, <c>v5.channel.k8s.io</c>): every message
/// is a channel's byte and its data. Channels opened here read what the client sends them; any channel can be
/// written. In v5 a message <c>[255, id]</c> ends what the client sends on channel <c>id</c>.
/// </summary>
internal sealed class WebSocketChannels(WebSocket socket, bool closesChannels) : IDisposable
{
    private const byte CloseChannel = 255;
    private const int MaxMessageBytes = 1 << 20;
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly Dictionary<byte, Channel> _channels = [];

    public void Dispose() => _sending.Dispose();

    /// <summary>A channel the client's messages to <paramref name="id"/> are read from (open them all before <see cref="ReadAsync"/>).</summary>
    public IDuplexChannel Open(byte id) => _channels[id] = new Channel(this, id);

    /// <summary>A channel that is only written.</summary>
    public IDuplexChannel Writer(byte id) => new Channel(this, id);

    /// <summary>Drops what the client still sends on a channel nobody reads any more.</summary>
    public void Finish(byte id)
    {
        if (_channels.TryGetValue(id, out var channel))
        {
            channel.Incoming.Complete();
        }
    }

    /// <summary>Hands the client's messages to their channels until it closes; every channel then reads to its end.</summary>
    public async Task ReadAsync(CancellationToken ct)
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
                    return;
                }

                message.Write(buffer, 0, received.Count);
                if (message.Length > MaxMessageBytes)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, $"messages are at most {MaxMessageBytes} bytes", ct);
                    return;
                }

                if (received.EndOfMessage)
                {
                    var data = message.ToArray();
                    message.SetLength(0);
                    await DeliverAsync(data, ct);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away, or the session is over.
        }
        finally
        {
            foreach (var channel in _channels.Values)
            {
                channel.Incoming.Complete();
            }
        }
    }

    /// <summary>Ends the session: a close frame, then the client's answer (read by <paramref name="reading"/>), or after a while without it.</summary>
    public async Task CloseAsync(Task reading, CancellationTokenSource stopReading, CancellationToken ct)
    {
        try
        {
            // Cancelling a receive aborts the socket, and clients lose what they have not handed on yet: close instead.
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, ct);
            await reading.WaitAsync(CloseWait, ct);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or WebSocketException)
        {
            await stopReading.CancelAsync();
            await reading;
        }
    }

    public async Task SendAsync(byte channel, ReadOnlyMemory<byte> data, CancellationToken ct)
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

    private async Task DeliverAsync(byte[] data, CancellationToken ct)
    {
        if (data is [CloseChannel, var closed, ..] && closesChannels)
        {
            Finish(closed);
        }
        else if (data.Length > 1 && _channels.TryGetValue(data[0], out var channel))
        {
            await channel.Incoming.DeliverAsync(data[1..], ct);
        }
    }

    /// <summary>One channel; the protocol cannot end one side of it, so completing writes sends nothing.</summary>
    private sealed class Channel(WebSocketChannels channels, byte id) : IDuplexChannel
    {
        public IncomingBytes Incoming { get; } = new();

        public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct) => Incoming.ReadAsync(buffer, ct);

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct) => await channels.SendAsync(id, data, ct);

        public ValueTask CompleteWritesAsync(CancellationToken ct) => ValueTask.CompletedTask;
    }
}
