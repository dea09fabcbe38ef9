using System.Threading.Channels;

namespace Airwave.Sandbox.Kubernetes.Streaming;

/// <summary>
/// What a peer sent on one stream of a multiplexed connection, handed from the connection's reader to the stream's
/// reader: a few messages are held, then the connection's reader waits. Completed, it reads to its end and drops
/// whatever still comes, so a stream nobody reads any more never holds up the others.
/// </summary>
internal sealed class IncomingBytes
{
    private readonly Channel<byte[]> _messages = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(16) { SingleReader = true, SingleWriter = true });
    private ReadOnlyMemory<byte> _pending;

    /// <summary>Reads what has come; 0 once it is complete and read.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct)
    {
        while (_pending.IsEmpty)
        {
            if (!await _messages.Reader.WaitToReadAsync(ct))
            {
                return 0;
            }

            if (_messages.Reader.TryRead(out var message))
            {
                _pending = message;
            }
        }

        var count = Math.Min(buffer.Length, _pending.Length);
        _pending[..count].CopyTo(buffer);
        _pending = _pending[count..];
        return count;
    }

    public async ValueTask DeliverAsync(byte[] message, CancellationToken ct)
    {
        while (!_messages.Writer.TryWrite(message))
        {
            if (!await _messages.Writer.WaitToWriteAsync(ct))
            {
                return;
            }
        }
    }

    public void Complete() => _messages.Writer.TryComplete();
}
