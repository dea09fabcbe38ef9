using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using ICSharpCode.SharpZipLib.Zip.Compression;

namespace Airwave.Sandbox.Kubernetes.Streaming.Spdy;

/// <summary>
/// A connection's SPDY/3 header blocks: name/value pairs (each a 4-byte length and its bytes, after their count),
/// compressed with zlib. Each direction is one zlib stream across the connection's frames, each frame's block ending
/// with a sync flush, so one instance serves one connection. The client's stream is primed with
/// <see cref="SpdyDictionary"/>, which System.IO.Compression cannot take, so SharpZipLib inflates it; the server's
/// need not use the dictionary (a block that refers to none of it reads the same), so ZLibStream compresses it.
/// </summary>
internal sealed class HeaderBlocks : IDisposable
{
    private const int MaxHeaderBytes = 64 * 1024;
    private const int MaxPairs = 256;

    private readonly Inflater _inflater = new();
    private readonly byte[] _buffer = new byte[16 * 1024];
    private readonly MemoryStream _compressed = new();
    private readonly ZLibStream _deflater;

    public HeaderBlocks() => _deflater = new ZLibStream(_compressed, CompressionLevel.Fastest, leaveOpen: true);

    public void Dispose()
    {
        _deflater.Dispose();
        _compressed.Dispose();
    }

    /// <summary>A block the client sent: its headers, names lower case as SPDY requires, a value's parts joined by ",".</summary>
    public IReadOnlyDictionary<string, string> Read(ReadOnlySpan<byte> compressed)
    {
        var block = Inflate(compressed);
        var read = 0;
        int Int() => read + 4 <= block.Length ? BinaryPrimitives.ReadInt32BigEndian(block.AsSpan((read += 4) - 4)) : throw Malformed();
        string Text()
        {
            var length = Int();
            if (length < 0 || read + length > block.Length)
            {
                throw Malformed();
            }

            read += length;
            return Encoding.UTF8.GetString(block, read - length, length);
        }

        var count = Int();
        if (count is < 0 or > MaxPairs)
        {
            throw new SpdyProtocolException($"a header block with {count} pairs (at most {MaxPairs})");
        }

        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = Text();
            headers[name.ToLowerInvariant()] = Text().Replace('\0', ',');
        }

        return headers;
    }

    /// <summary>A block of the headers to send, compressed and flushed so that the peer can read it at once.</summary>
    public byte[] Write(IReadOnlyDictionary<string, string> headers)
    {
        var block = new MemoryStream();
        var length = new byte[4];
        void Int(int value)
        {
            BinaryPrimitives.WriteInt32BigEndian(length, value);
            block.Write(length);
        }

        Int(headers.Count);
        foreach (var (name, value) in headers)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name.ToLowerInvariant());
            var valueBytes = Encoding.UTF8.GetBytes(value);
            Int(nameBytes.Length);
            block.Write(nameBytes);
            Int(valueBytes.Length);
            block.Write(valueBytes);
        }

        _compressed.SetLength(0);
        block.Position = 0;
        block.CopyTo(_deflater);
        _deflater.Flush();
        return _compressed.ToArray();
    }

    private byte[] Inflate(ReadOnlySpan<byte> compressed)
    {
        var input = compressed.ToArray();
        _inflater.SetInput(input, 0, input.Length);
        var block = new MemoryStream();
        try
        {
            while (true)
            {
                var produced = _inflater.Inflate(_buffer, 0, _buffer.Length);
                block.Write(_buffer, 0, produced);
                if (block.Length > MaxHeaderBytes)
                {
                    throw new SpdyProtocolException($"a header block over {MaxHeaderBytes} bytes");
                }

                if (_inflater.IsNeedingDictionary)
                {
                    _inflater.SetDictionary(SpdyDictionary.Bytes);
                }
                else if (produced == 0 && (_inflater.IsNeedingInput || _inflater.IsFinished))
                {
                    return block.ToArray();
                }
            }
        }
        catch (ICSharpCode.SharpZipLib.SharpZipBaseException e)
        {
            throw new SpdyProtocolException($"a header block that does not decompress: {e.Message}");
        }
    }

    private static SpdyProtocolException Malformed() => new("a header block shorter than its lengths say");
}
