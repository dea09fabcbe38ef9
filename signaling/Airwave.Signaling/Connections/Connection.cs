using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Threading.RateLimiting;
using Airwave.Signaling.Metrics;
using Airwave.Signaling.Protocol;
using Airwave.Signaling.Routing;
using Airwave.Signaling.Sites;
using Airwave.Signaling.Viewing;

namespace Airwave.Signaling.Connections;

/// <summary>
/// One browser's WebSocket: frames in, one at a time, within the size and rate limits; frames out through a bounded
/// queue (<see cref="FrameWriter"/>), so a slow page can fall behind only so far before it is disconnected.
/// </summary>
public sealed class Connection : IPeer, IDisposable
{
    private const int OutboxCapacity = 256;
    private const int SmallFrameBytes = 4096;

    private readonly WebSocket _socket;
    private readonly ConnectionLimits _limits;
    private readonly SignalingMetrics _metrics;
    private readonly TokenBucketRateLimiter _rate;
    private readonly FrameWriter _writer;
    private ITimer? _helloDeadline;

    // Made on first use: most pages are idle viewers that never fill them, and each costs about half a kilobyte.
    private ConcurrentDictionary<string, string>? _requests;
    private ConcurrentDictionary<string, BroadcastView>? _views;
    private ConcurrentDictionary<Target, byte>? _targets;
    private AcceptedRequests? _accepted;

    public Connection(WebSocket socket, Site site, ConnectionLimits limits, SignalingMetrics metrics)
    {
        _socket = socket;
        _metrics = metrics;
        _limits = limits;
        _writer = new FrameWriter(socket, OutboxCapacity);
        Site = site;
        _rate = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = limits.MessageBurst,
            TokensPerPeriod = limits.MessagesPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = false,
        });
    }

    public string Id { get; } = Guid.NewGuid().ToString("N");

    public Site Site { get; }

    public string? UserId { get; private set; }

    public PeerRole? Role { get; private set; }

    /// <summary>The broadcaster's live session.</summary>
    public string? SessionId { get; set; }

    /// <summary>Requests this connection may relay for: a viewer's requests (to their session id), a broadcaster's accepted ones (to the viewer's user id).</summary>
    public ConcurrentDictionary<string, string> Requests => LazyInitializer.EnsureInitialized(ref _requests);

    /// <summary>The page's browser, from the upgrade's User-Agent header (see <see cref="Airwave.Events.Views.ViewerAgent"/>).</summary>
    public string? UserAgent { get; init; }

    /// <summary>The page's address, as the connection or a trusted proxy says it.</summary>
    public IPAddress? Address { get; init; }

    /// <summary>A viewer's open views, by their request: they end when the page says so, leaves the request, or goes away.</summary>
    public ConcurrentDictionary<string, BroadcastView> Views => LazyInitializer.EnsureInitialized(ref _views);

    /// <summary>The targets this connection took in the registry, released when it closes.</summary>
    public ConcurrentDictionary<Target, byte> Targets => LazyInitializer.EnsureInitialized(ref _targets);

    /// <summary>A viewer's requests the database said are accepted (see <see cref="AcceptedRequests"/>).</summary>
    public AcceptedRequests Accepted => LazyInitializer.EnsureInitialized(ref _accepted);

    /// <summary>
    /// Closes the connection unless the page has introduced itself within <paramref name="timeout"/>: a socket that
    /// never does holds a slot for nothing. The timer is gone once the page has.
    /// </summary>
    public void RequireHelloWithin(TimeSpan timeout)
    {
        _helloDeadline = TimeProvider.System.CreateTimer(
            static state =>
            {
                var (connection, timeout) = ((Connection, TimeSpan))state!;
                if (connection.Role is null)
                {
                    connection.Close(WebSocketCloseStatus.PolicyViolation, $"no hello within {timeout.TotalSeconds:0.#} s: a page introduces itself first");
                }
            },
            (this, timeout),
            timeout,
            Timeout.InfiniteTimeSpan);
    }

    /// <summary>The page said who it is, in its hello.</summary>
    public void Introduce(string userId, PeerRole role)
    {
        UserId = userId;
        Role = role;
        Interlocked.Exchange(ref _helloDeadline, null)?.Dispose();
    }

    /// <summary>Takes the target in the registry: its frames come to this connection until it closes or releases it.</summary>
    public void Hold(Target target, ConnectionRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Own(target, this);
        Targets[target] = 0;
    }

    /// <summary>Answers <paramref name="message"/> with an error frame; the connection stays open.</summary>
    public void Refuse(string code, string text, ClientMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Send(ServerMessage.Error(code, text, message.Id));
    }

    /// <summary>Queues a frame; a page that has let <see cref="OutboxCapacity"/> frames pile up is disconnected instead.</summary>
    public void Send(ServerMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Type == "error" && message.Field("code") is { } code)
        {
            _metrics.ErrorSent(code);
        }

        // Read as written by the relaying thread that made it: a frame about a request must not miss a check under way.
        if (Volatile.Read(ref _accepted) is { } accepted && message.Type is not ("ice" or "offer" or "answer") && message.Field("request") is { } request)
        {
            accepted.Changed(request);
        }

        var endsSession = message.Type == "ended" && message.Field("session") == SessionId;
        if (endsSession)
        {
            // The session went on elsewhere (a newer page) or ended: this connection no longer speaks for it, and closing
            // it must not mark it disconnected.
            SessionId = null;
            Requests.Clear();
        }

        if (!_writer.Queue(message))
        {
            Close(WebSocketCloseStatus.PolicyViolation, "too slow to read its frames");
            return;
        }

        if (endsSession)
        {
            Close(WebSocketCloseStatus.NormalClosure, message.Field("reason") ?? "ended");
        }
    }

    /// <summary>
    /// Sends what is queued, then closes the socket; a page that has not answered the close within
    /// <see cref="FrameWriter.CloseHandshakeTimeout"/> (one that reads nothing, or has gone) is dropped. The first
    /// reason given is the one the page gets: a frame that cannot be queued any more because the connection is closing
    /// (the service stopping) does not turn it into "too slow to read its frames".
    /// </summary>
    public void Close(WebSocketCloseStatus status, string reason) => _writer.Close(status, reason);

    /// <summary>Reads frames and hands each to <paramref name="handle"/> until the page or the service closes the socket.</summary>
    public async Task RunAsync(Func<Connection, ClientMessage, Task> handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        try
        {
            await ReadAsync(handle, cancellationToken);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The page went away, or the service is stopping.
        }
        finally
        {
            await _writer.StopAsync();
        }
    }

    public void Dispose()
    {
        _rate.Dispose();
        _writer.Dispose();
        Interlocked.Exchange(ref _helloDeadline, null)?.Dispose();
    }

    /// <summary>
    /// Each frame is awaited without a buffer (a zero-byte read), then read into one rented from the shared pool for
    /// that frame alone, growing from <see cref="SmallFrameBytes"/> for a larger one (an SDP offer): an idle page holds
    /// no buffer at all.
    /// </summary>
    private async Task ReadAsync(Func<Connection, ClientMessage, Task> handle, CancellationToken cancellationToken)
    {
        while (_socket.State == WebSocketState.Open)
        {
            var waited = await _socket.ReceiveAsync(Memory<byte>.Empty, cancellationToken);
            if (waited.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            if (waited.EndOfMessage)
            {
                await HandleFrameAsync(handle, waited.MessageType, tooLarge: false, ReadOnlyMemory<byte>.Empty);
                continue;
            }

            var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(SmallFrameBytes, _limits.MaxMessageBytes));
            try
            {
                var count = 0;
                var tooLarge = false;
                ValueWebSocketReceiveResult received;
                do
                {
                    var capacity = Math.Min(buffer.Length, _limits.MaxMessageBytes);
                    if (count == capacity && !tooLarge)
                    {
                        if (capacity == _limits.MaxMessageBytes)
                        {
                            tooLarge = true;
                        }
                        else
                        {
                            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(capacity * 4, _limits.MaxMessageBytes));
                            buffer.AsSpan(0, count).CopyTo(larger);
                            ArrayPool<byte>.Shared.Return(buffer);
                            buffer = larger;
                            capacity = Math.Min(buffer.Length, _limits.MaxMessageBytes);
                        }
                    }

                    // The rest of a frame that is too large is read over what was read of it, and dropped.
                    received = await _socket.ReceiveAsync(tooLarge ? buffer.AsMemory() : buffer.AsMemory(count, capacity - count), cancellationToken);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    count += tooLarge ? 0 : received.Count;
                }
                while (!received.EndOfMessage);

                await HandleFrameAsync(handle, received.MessageType, tooLarge, buffer.AsMemory(0, count));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private async Task HandleFrameAsync(Func<Connection, ClientMessage, Task> handle, WebSocketMessageType type, bool tooLarge, ReadOnlyMemory<byte> frame)
    {
        // Tokens come back as frames arrive rather than from a timer per connection.
        _rate.TryReplenish();
        using var lease = _rate.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            Send(ServerMessage.Error(ErrorCodes.RateLimited, $"more than {_limits.MessagesPerSecond} frames a second: this one was dropped", null));
        }
        else if (type != WebSocketMessageType.Text)
        {
            Send(ServerMessage.Error(ErrorCodes.BadMessage, "frames are JSON text, not binary", null));
        }
        else if (tooLarge)
        {
            Send(ServerMessage.Error(ErrorCodes.MessageTooLarge, $"a frame is at most {_limits.MaxMessageBytes} bytes", null));
        }
        else
        {
            var (message, error) = ClientMessage.Parse(frame.Span);
            if (message is null)
            {
                Send(error!);
            }
            else
            {
                await handle(this, message);
            }
        }
    }
}

/// <summary>What one connection may send.</summary>
public sealed record ConnectionLimits(int MaxMessageBytes, int MessagesPerSecond, int MessageBurst);
