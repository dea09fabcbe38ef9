using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Airwave.Connector.Browser;

/// <summary>
/// A connection to Chromium's DevTools protocol over its WebSocket: commands with their results, and the browser's
/// events in the order they came. Ends (its events complete) when the browser goes away.
/// </summary>
public sealed class DevTools : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly Channel<DevToolsEvent> _events = Channel.CreateUnbounded<DevToolsEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _receiving;
    private long _lastId;

    private DevTools(ClientWebSocket socket)
    {
        _socket = socket;
        _receiving = Task.Run(ReceiveAsync);
    }

    /// <summary>The browser's events (Page.loadEventFired, Page.frameNavigated, ...); completes when the connection ends.</summary>
    public ChannelReader<DevToolsEvent> Events => _events.Reader;

    public static async Task<DevTools> ConnectAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new DevTools(socket);
    }

    /// <summary>Sends a command (to a page's session when <paramref name="sessionId"/> is given) and returns its result.</summary>
    public async Task<JsonObject> SendAsync(string method, JsonObject? parameters = null, string? sessionId = null, CancellationToken cancellationToken = default)
    {
        var id = Interlocked.Increment(ref _lastId);
        var answered = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answered;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
        if (sessionId is not null)
        {
            message["sessionId"] = sessionId;
        }

        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            using var registration = cancellationToken.Register(() => answered.TrySetCanceled(cancellationToken));
            var answer = await answered.Task;
            return answer["error"] is JsonObject error
                ? throw new DevToolsException($"{method} failed: {(string?)error["message"]}")
                : answer["result"] as JsonObject ?? [];
        }
        catch (WebSocketException e)
        {
            throw new DevToolsException($"the browser went away during {method}: {e.Message}", e);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        try
        {
            await _receiving;
        }
        catch (OperationCanceledException)
        {
            // Closing.
        }

        _socket.Dispose();
        _closing.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveAsync(buffer, _closing.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage)
                {
                    continue;
                }

                var parsed = Parse(message.GetBuffer().AsSpan(0, (int)message.Length));
                message.SetLength(0);
                if (parsed is null)
                {
                    continue;
                }

                if ((long?)parsed["id"] is { } id)
                {
                    if (_pending.TryGetValue(id, out var answered))
                    {
                        answered.TrySetResult(parsed);
                    }
                }
                else if ((string?)parsed["method"] is { } method)
                {
                    await _events.Writer.WriteAsync(new DevToolsEvent(method, parsed["params"] as JsonObject ?? [], (string?)parsed["sessionId"]));
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The browser went away, or this side closes.
        }
        finally
        {
            _events.Writer.TryComplete();
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new DevToolsException("the browser went away before it answered"));
            }
        }
    }

    /// <summary>
    /// A message as a JSON object; null for anything else (an empty frame, say), which is passed over: one odd frame
    /// must not end the connection, and with it the meeting.
    /// </summary>
    private static JsonObject? Parse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return utf8.Trim(" \t\r\n"u8).IsEmpty ? null : JsonNode.Parse(utf8) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
