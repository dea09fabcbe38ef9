namespace Airwave.Sandbox.Kubernetes.Streaming;

/// <summary>One stream of bytes each way inside a multiplexed connection: a SPDY stream, a WebSocket channel.</summary>
internal interface IDuplexChannel
{
    /// <summary>Reads what the peer sent; 0 once it has ended its side, reset the stream or gone away.</summary>
    ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct);

    /// <summary>Sends bytes to the peer; throws <see cref="IOException"/> once the stream is gone.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct);

    /// <summary>Ends this side: the peer reads to its end, and may still send.</summary>
    ValueTask CompleteWritesAsync(CancellationToken ct);
}
