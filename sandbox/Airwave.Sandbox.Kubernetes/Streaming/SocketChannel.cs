using System.Net.Sockets;

namespace Airwave.Sandbox.Kubernetes.Streaming;

/// <summary>A plain TCP connection as a <see cref="IDuplexChannel"/>: what a Service's clients connect with.</summary>
internal sealed class SocketChannel(Socket socket) : IDuplexChannel
{
    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct) => socket.ReceiveAsync(buffer, ct);

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        try
        {
            await socket.SendAsync(data, ct);
        }
        catch (SocketException e)
        {
            throw new IOException(e.Message, e);
        }
    }

    public ValueTask CompleteWritesAsync(CancellationToken ct)
    {
        socket.Shutdown(SocketShutdown.Send);
        return ValueTask.CompletedTask;
    }
}
