using System.Buffers.Binary;

namespace Airwave.Sandbox.Kubernetes.Streaming.Spdy;

/// <summary>
/// The server's side of a SPDY/3.1 connection as Kubernetes' streaming clients speak it (kubectl, client-go): the
/// client opens streams with SYN_STREAM, each answered at once with an empty SYN_REPLY and handed to the caller's
/// handler; DATA frames go to their stream, FIN ends a side, RST_STREAM both; client PINGs are answered. Like the
/// kubelet's (spdystream), it keeps no flow-control windows — clients do not wait for WINDOW_UPDATEs — and a stream
/// whose handler does not read holds up the connection once its few buffered frames are full.
/// </summary>
internal sealed class SpdyConnection(Stream transport) : IDisposable
{
    private const int MaxFrameBytes = 1 << 20;
    private const int MaxStreams = 128;

    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly HeaderBlocks _headers = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<uint, SpdyStream> _streams = [];
    private readonly List<Task> _handlers = [];
    private uint _lastStreamId;
    private bool _goneAway;

    /// <summary>Reads frames until the client goes away, then ends every stream and waits for their handlers.</summary>
    public async Task RunAsync(Func<SpdyStream, Task> onStream, CancellationToken ct)
    {
        try
        {
            await ReadFramesAsync(onStream, ct);
        }
        catch (SpdyProtocolException)
        {
            await TrySendAsync(SpdyFrames.StreamStatus(SpdyFrames.GoAway, _lastStreamId, SpdyFrames.ProtocolError));
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or EndOfStreamException or System.Net.WebSockets.WebSocketException)
        {
            // The client went away.
        }
        finally
        {
            List<Task> handlers;
            lock (_lock)
            {
                foreach (var stream in _streams.Values)
                {
                    stream.OnReset();
                }

                handlers = [.. _handlers];
            }

            await Task.WhenAll(handlers);
        }
    }

    public void Dispose()
    {
        _writing.Dispose();
        _headers.Dispose();
    }

    private async Task ReadFramesAsync(Func<SpdyStream, Task> onStream, CancellationToken ct)
    {
        var header = new byte[SpdyFrames.HeaderLength];
        while (true)
        {
            try
            {
                await transport.ReadExactlyAsync(header, ct);
            }
            catch (EndOfStreamException)
            {
                return;
            }

            var length = (header[5] << 16) | (header[6] << 8) | header[7];
            if (length > MaxFrameBytes)
            {
                throw new SpdyProtocolException($"a frame of {length} bytes (at most {MaxFrameBytes})");
            }

            var payload = new byte[length];
            await transport.ReadExactlyAsync(payload, ct);
            var flags = header[4];
            if ((header[0] & 0x80) == 0)
            {
                await OnDataAsync(SpdyFrames.StreamId(header), flags, payload, ct);
                continue;
            }

            var version = BinaryPrimitives.ReadUInt16BigEndian(header) & 0x7FFF;
            if (version != SpdyFrames.Version)
            {
                throw new SpdyProtocolException($"SPDY version {version}; this server speaks version 3");
            }

            await OnControlAsync(BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2)), flags, payload, onStream, ct);
        }
    }

    private async Task OnControlAsync(ushort type, byte flags, byte[] payload, Func<SpdyStream, Task> onStream, CancellationToken ct)
    {
        switch (type)
        {
            case SpdyFrames.SynStream:
                Require(payload, 10, type);
                await OnSynStreamAsync(SpdyFrames.StreamId(payload), flags, _headers.Read(payload.AsSpan(10)), onStream, ct);
                break;
            case SpdyFrames.RstStream:
                Require(payload, 8, type);
                Find(SpdyFrames.StreamId(payload))?.OnReset();
                break;
            case SpdyFrames.Ping:
                Require(payload, 4, type);
                if ((payload[3] & 1) == 1)
                {
                    // Odd ids are the client's pings; even ones would answer the server's, which sends none.
                    await SendAsync(SpdyFrames.Control(SpdyFrames.Ping, 0, payload.AsSpan(0, 4)), ct);
                }

                break;
            case SpdyFrames.GoAway:
                lock (_lock)
                {
                    _goneAway = true;
                }

                break;
            default:
                // SETTINGS, WINDOW_UPDATE, HEADERS and SYN_REPLY (to streams the server never opens) change nothing here.
                break;
        }
    }

    private static void Require(byte[] payload, int length, ushort type)
    {
        if (payload.Length < length)
        {
            throw new SpdyProtocolException($"a control frame of type {type} with {payload.Length} bytes (it needs {length})");
        }
    }

    private async Task OnSynStreamAsync(uint id, byte flags, IReadOnlyDictionary<string, string> headers, Func<SpdyStream, Task> onStream, CancellationToken ct)
    {
        SpdyStream stream;
        lock (_lock)
        {
            if (id % 2 == 0 || id <= _lastStreamId)
            {
                throw new SpdyProtocolException($"stream {id} opened by the client, after stream {_lastStreamId}; client streams are odd and rising");
            }

            _lastStreamId = id;
            if (_goneAway || _streams.Count >= MaxStreams)
            {
                stream = null!;
            }
            else
            {
                stream = new SpdyStream(this, id, headers);
                _streams[id] = stream;
            }
        }

        if (stream is null)
        {
            await SendAsync(SpdyFrames.StreamStatus(SpdyFrames.RstStream, id, SpdyFrames.RefusedStream), ct);
            return;
        }

        await SendAsync(SpdyFrames.SynReplyFrame(id, _headers.Write(new Dictionary<string, string>())), ct);
        if ((flags & SpdyFrames.FlagFin) != 0)
        {
            stream.OnRemoteFinished();
        }

        lock (_lock)
        {
            _handlers.RemoveAll(h => h.IsCompleted);
            _handlers.Add(Task.Run(() => onStream(stream), CancellationToken.None));
        }
    }

    private async Task OnDataAsync(uint id, byte flags, byte[] payload, CancellationToken ct)
    {
        if (Find(id) is not { } stream)
        {
            return;
        }

        if (payload.Length > 0)
        {
            await stream.DeliverAsync(payload, ct);
        }

        if ((flags & SpdyFrames.FlagFin) != 0)
        {
            stream.OnRemoteFinished();
        }
    }

    private SpdyStream? Find(uint id)
    {
        lock (_lock)
        {
            return _streams.GetValueOrDefault(id);
        }
    }

    /// <summary>Forgets a stream its handler is done with; frames that still come for it are dropped.</summary>
    internal void Remove(SpdyStream stream)
    {
        lock (_lock)
        {
            _streams.Remove(stream.Id);
        }
    }

    internal async Task SendAsync(byte[] frame, CancellationToken ct)
    {
        await _writing.WaitAsync(ct);
        try
        {
            await transport.WriteAsync(frame, ct);
            await transport.FlushAsync(ct);
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task TrySendAsync(byte[] frame)
    {
        try
        {
            await SendAsync(frame, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.WebSockets.WebSocketException)
        {
            // Nobody is listening any more.
        }
    }
}
