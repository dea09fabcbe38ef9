namespace Airwave.Sandbox.Kubernetes.Streaming.Spdy;

/// <summary>
/// One stream the client opened: its headers, what it sends (until its FIN or a reset) and what is sent back in
/// DATA frames. Disposing it forgets it on the connection; the handler does once it is done with it.
/// </summary>
internal sealed class SpdyStream : IDuplexChannel, IDisposable
{
    private const int MaxDataFrame = 32 * 1024;

    private readonly SpdyConnection _connection;
    private readonly IncomingBytes _incoming = new();
    private volatile bool _reset;
    private int _finSent;

    public SpdyStream(SpdyConnection connection, uint id, IReadOnlyDictionary<string, string> headers)
    {
        _connection = connection;
        Id = id;
        Headers = headers;
    }

    public uint Id { get; }

    public IReadOnlyDictionary<string, string> Headers { get; }

    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct) => _incoming.ReadAsync(buffer, ct);

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        for (var offset = 0; offset < data.Length; offset += MaxDataFrame)
        {
            ThrowIfGone();
            await _connection.SendAsync(SpdyFrames.Data(Id, 0, data.Span.Slice(offset, Math.Min(MaxDataFrame, data.Length - offset))), ct);
        }
    }

    public async ValueTask CompleteWritesAsync(CancellationToken ct)
    {
        if (!_reset && Interlocked.Exchange(ref _finSent, 1) == 0)
        {
            await _connection.SendAsync(SpdyFrames.Data(Id, SpdyFrames.FlagFin, []), ct);
        }
    }

    /// <summary>Ends the stream both ways at once (RST_STREAM with CANCEL).</summary>
    public async ValueTask ResetAsync(CancellationToken ct)
    {
        if (!_reset)
        {
            OnReset();
            await _connection.SendAsync(SpdyFrames.StreamStatus(SpdyFrames.RstStream, Id, SpdyFrames.Cancel), ct);
        }
    }

    public void Dispose()
    {
        _incoming.Complete();
        _connection.Remove(this);
    }

    /// <summary>Hands on what the client sent, waiting while the handler has not read the frames before it.</summary>
    internal ValueTask DeliverAsync(byte[] data, CancellationToken ct) => _incoming.DeliverAsync(data, ct);

    internal void OnRemoteFinished() => _incoming.Complete();

    internal void OnReset()
    {
        _reset = true;
        _incoming.Complete();
    }

    private void ThrowIfGone()
    {
        if (_reset || Volatile.Read(ref _finSent) == 1)
        {
            throw new IOException($"SPDY stream {Id} is closed for writing");
        }
    }
}
