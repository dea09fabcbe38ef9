using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;

namespace Airwave.Signaling.Benchmarks;

/// <summary>
/// One page's WebSocket, for either server: what it receives is stamped with the time it arrived before anything
/// parses it, so both servers' figures include the same client work.
/// </summary>
public sealed class RelayClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly Channel<(long At, string Text)> _received = Channel.CreateUnbounded<(long, string)>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly Task _reading;

    private readonly Func<string, string?>? _reply;

    private RelayClient(ClientWebSocket socket, Func<string, string?>? reply)
    {
        _socket = socket;
        _reply = reply;
        _reading = ReadAsync();
    }

    public ChannelReader<(long At, string Text)> Received => _received.Reader;

    /// <param name="reply">Frames answered at once and not passed on (a protocol's pings): the answer, or null.</param>
    public static async Task<RelayClient> ConnectAsync(Uri url, string? origin, Func<string, string?>? reply, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        await socket.ConnectAsync(url, cancellationToken);
        return new RelayClient(socket, reply);
    }

    public async Task SendAsync(string text, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellationToken);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>The next frame whose text <paramref name="match"/> accepts, skipping others (at most 30 s).</summary>
    public async Task<string> ExpectAsync(Func<string, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var (_, text) = await _received.Reader.ReadAsync(timeout.Token);
            if (match(text))
            {
                return text;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        await _reading;
        _socket.Dispose();
        _sending.Dispose();
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                    count += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                var at = Stopwatch.GetTimestamp();
                var text = Encoding.UTF8.GetString(buffer, 0, count);
                if (_reply?.Invoke(text) is { } answer)
                {
                    await SendAsync(answer, CancellationToken.None);
                    continue;
                }

                _received.Writer.TryWrite((at, text));
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Closed.
        }

        _received.Writer.TryComplete();
    }
}
