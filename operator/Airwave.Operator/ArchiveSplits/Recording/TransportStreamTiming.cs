namespace Airwave.Operator.ArchiveSplits.Recording;

/// <summary>
/// Timestamps read from the head and the tail of an MPEG transport stream file, as MediaLive's archive writes them:
/// the PES packets' presentation times (90 kHz). A file's length is its media's first to its last frame, so the
/// whole file never has to be read.
/// </summary>
public static class TransportStreamTiming
{
    public const int PacketSize = 188;
    private const byte SyncByte = 0x47;
    private const double ClockRate = 90_000;

    /// <summary>
    /// Where a file's media starts and how long it lasts, in seconds of its own clock: from the earliest timestamp in
    /// <paramref name="head"/> to the latest in <paramref name="tail"/> plus one frame. The video stream is the clock
    /// when there is one (audio packets carry several frames each, so their last timestamp is not the end).
    /// </summary>
    /// <returns>Null when the bytes hold no timestamps (not a transport stream, or an empty one).</returns>
    public static (double Start, double Duration)? Measure(ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail)
    {
        var first = Timestamps(head);
        var last = Timestamps(tail);
        if (first.Count == 0 || last.Count == 0)
        {
            return null;
        }

        var clock = last.Any(t => t.IsVideo) ? last.Where(t => t.IsVideo).Select(t => t.Pts).ToList() : last.Select(t => t.Pts).ToList();
        var start = first.Min(t => t.Pts);
        var end = Unwrap(clock.Max(), start);
        return (start / ClockRate, (end + FrameInterval(clock) - start) / ClockRate);
    }

    /// <summary>The PES timestamps in whole packets of <paramref name="bytes"/>, which may start mid-packet.</summary>
    private static List<(long Pts, bool IsVideo)> Timestamps(ReadOnlySpan<byte> bytes)
    {
        var found = new List<(long, bool)>();
        var offset = Align(bytes);
        if (offset < 0)
        {
            return found;
        }

        for (; offset + PacketSize <= bytes.Length; offset += PacketSize)
        {
            var packet = bytes.Slice(offset, PacketSize);
            if (packet[0] != SyncByte || (packet[1] & 0x40) == 0)
            {
                continue; // Lost sync, or a packet that continues a PES rather than starting one.
            }

            var payload = 4;
            var adaptation = (packet[3] >> 4) & 0x3;
            if (adaptation is 0 or 2)
            {
                continue; // No payload.
            }

            if (adaptation == 3)
            {
                payload += 1 + packet[4];
            }

            if (payload + 14 > PacketSize)
            {
                continue;
            }

            var pes = packet[payload..];
            var streamId = pes[3];

            // Private stream 1, audio and video streams carry the optional header that holds the PTS.
            var hasPts = pes[0] == 0 && pes[1] == 0 && pes[2] == 1 && streamId is 0xBD or (>= 0xC0 and <= 0xEF) && (pes[7] & 0x80) != 0;
            if (hasPts)
            {
                found.Add((Pts(pes[9..14]), streamId is >= 0xE0 and <= 0xEF));
            }
        }

        return found;
    }

    /// <summary>The offset of the first packet: a sync byte followed by more at packet distance.</summary>
    private static int Align(ReadOnlySpan<byte> bytes)
    {
        for (var offset = 0; offset < PacketSize && offset < bytes.Length; offset++)
        {
            var aligned = true;
            for (var at = offset; at < bytes.Length && at < offset + (PacketSize * 4); at += PacketSize)
            {
                aligned &= bytes[at] == SyncByte;
            }

            if (aligned)
            {
                return offset;
            }
        }

        return -1;
    }

    private static long Pts(ReadOnlySpan<byte> field) =>
        ((long)(field[0] & 0x0E) << 29) | ((long)field[1] << 22) | ((long)(field[2] & 0xFE) << 14) | ((long)field[3] << 7) | ((long)field[4] >> 1);

    /// <summary>The 33-bit clock wraps about every 26.5 hours; a tail timestamp below the head's has wrapped.</summary>
    private static long Unwrap(long pts, long reference) => pts < reference ? pts + (1L << 33) : pts;

    /// <summary>One frame of the clock stream: the smallest step between its timestamps (B-frames come out of order).</summary>
    private static long FrameInterval(List<long> timestamps)
    {
        var sorted = timestamps.Distinct().Order().ToList();
        var step = long.MaxValue;
        for (var i = 1; i < sorted.Count; i++)
        {
            step = Math.Min(step, sorted[i] - sorted[i - 1]);
        }

        return step == long.MaxValue ? 0 : step;
    }
}
