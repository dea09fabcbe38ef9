using System.Buffers;

namespace Airwave.Hosting;

/// <summary>A request body read by <see cref="BoundedBody"/>, in a buffer it gives back to the pool when disposed.</summary>
public sealed class RequestBody : IDisposable
{
    private byte[]? _buffer;

    internal RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    /// <summary>The body's bytes; valid until the body is disposed.</summary>
    public ReadOnlyMemory<byte> Memory => _buffer is { } buffer ? buffer.AsMemory(0, Length) : throw new ObjectDisposedException(nameof(RequestBody));

    public int Length { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
