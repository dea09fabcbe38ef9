using System.Buffers.Binary;

namespace Airwave.Operator.ArchiveSplits.Recording;

/// <summary>
/// The duration an MP4 declares in its movie header (moov/mvhd), read from a few kilobytes: the clips are written
/// with their moov first, and otherwise the top-level box sizes say where it is.
/// </summary>
public static class Mp4Header
{
    /// <summary>What a look at the bytes from <paramref name="offset"/> of the file found.</summary>
    /// <returns>The duration in seconds; or, when the movie header is further on, the offset to read next.</returns>
    public static (double? Seconds, long? ReadAt) Read(ReadOnlySpan<byte> bytes, long offset)
    {
        var at = 0;
        while (at + 8 <= bytes.Length)
        {
            var (size, type, header) = Box(bytes[at..]);
            if (type == "moov")
            {
                var moov = bytes[(at + header)..];
                if (moov.Length < 8)
                {
                    return (null, offset + at);
                }

                var (_, child, childHeader) = Box(moov);
                return child == "mvhd" && moov.Length >= childHeader + 32 ? (Duration(moov[childHeader..]), null) : (null, null);
            }

            if (size is null)
            {
                return (null, null);
            }

            // A box that ends past what was read is skipped by asking for the bytes after it.
            if (at + size.Value > bytes.Length)
            {
                return (null, offset + at + size.Value);
            }

            at += (int)size.Value;
        }

        return (null, at == 0 ? null : offset + at);
    }

    /// <summary>A box's size (null: to the end of the file, or malformed), type and header length.</summary>
    private static (long? Size, string Type, int Header) Box(ReadOnlySpan<byte> bytes)
    {
        var size = (long)BinaryPrimitives.ReadUInt32BigEndian(bytes);
        var type = System.Text.Encoding.ASCII.GetString(bytes.Slice(4, 4));
        if (size == 1)
        {
            return bytes.Length < 16 ? (null, type, 16) : ((long)BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]), type, 16);
        }

        return size < 8 ? (null, type, 8) : (size, type, 8);
    }

    private static double? Duration(ReadOnlySpan<byte> mvhd)
    {
        var version = mvhd[0];
        var (timescale, duration) = version == 1
            ? (BinaryPrimitives.ReadUInt32BigEndian(mvhd[20..]), (double)BinaryPrimitives.ReadUInt64BigEndian(mvhd[24..]))
            : (BinaryPrimitives.ReadUInt32BigEndian(mvhd[12..]), BinaryPrimitives.ReadUInt32BigEndian(mvhd[16..]));
        return timescale == 0 ? null : duration / timescale;
    }
}
