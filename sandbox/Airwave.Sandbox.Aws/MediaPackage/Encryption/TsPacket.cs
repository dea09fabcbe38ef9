namespace Airwave.Sandbox.Aws.MediaPackage.Encryption;

/// <summary>One 188-byte MPEG-2 transport stream packet: its header fields and where its payload lies.</summary>
internal readonly record struct TsPacket(int Offset, int Pid, bool UnitStart, int Continuity, int AdaptationLength, int PayloadOffset, int PayloadLength)
{
    public const int Size = 188;
    private const int HeaderSize = 4;
    /// <summary>The bytes of payload a packet without an adaptation field carries.</summary>
    public const int PayloadCapacity = Size - HeaderSize;

    public bool HasPayload => PayloadLength > 0;

    /// <summary>The segment's packets, in order.</summary>
    /// <exception cref="InvalidDataException">The segment is not a transport stream.</exception>
    public static IReadOnlyList<TsPacket> Split(ReadOnlySpan<byte> segment)
    {
        if (segment.Length % Size != 0)
        {
            throw new InvalidDataException($"a transport stream is whole packets of {Size} bytes; this segment has {segment.Length} bytes");
        }

        var packets = new List<TsPacket>(segment.Length / Size);
        for (var offset = 0; offset < segment.Length; offset += Size)
        {
            var packet = segment.Slice(offset, Size);
            if (packet[0] != 0x47)
            {
                throw new InvalidDataException($"the packet at byte {offset} does not start with the sync byte 0x47");
            }

            var control = (packet[3] >> 4) & 0x3;
            var adaptation = (control & 0x2) != 0 ? 1 + packet[4] : 0;
            var payload = (control & 0x1) != 0 ? PayloadCapacity - adaptation : 0;
            if (payload < 0)
            {
                throw new InvalidDataException($"the packet at byte {offset} has an adaptation field longer than the packet");
            }

            packets.Add(new TsPacket(offset, ((packet[1] & 0x1F) << 8) | packet[2], (packet[1] & 0x40) != 0, packet[3] & 0xF, adaptation, offset + HeaderSize + adaptation, payload));
        }

        return packets;
    }

    /// <summary>
    /// This packet carrying another payload: its adaptation field kept (PCR, random access), stuffed to make up for a
    /// shorter payload; without payload it is an adaptation field alone.
    /// </summary>
    public byte[] WithPayload(ReadOnlySpan<byte> segment, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > PayloadLength)
        {
            throw new ArgumentException("the payload is longer than the packet's", nameof(payload));
        }

        var original = segment.Slice(Offset, Size);
        var adaptation = AdaptationLength == 0 ? ReadOnlySpan<byte>.Empty : original.Slice(HeaderSize, AdaptationLength);
        return Build(original[..HeaderSize], adaptation, payload);
    }

    /// <summary>A packet continuing a PES with this payload (at most 184 bytes), stuffed when shorter.</summary>
    public static byte[] Continuation(int pid, ReadOnlySpan<byte> payload)
    {
        ReadOnlySpan<byte> header = [0x47, (byte)((pid >> 8) & 0x1F), (byte)pid, 0x10];
        return Build(header, [], payload);
    }

    /// <summary>A packet's continuity counter set, leaving the rest of it.</summary>
    public static void SetContinuity(Span<byte> packet, int continuity) => packet[3] = (byte)((packet[3] & 0xF0) | (continuity & 0xF));

    private static byte[] Build(ReadOnlySpan<byte> header, ReadOnlySpan<byte> adaptation, ReadOnlySpan<byte> payload)
    {
        var packet = new byte[Size];
        header.CopyTo(packet);
        var adaptationSize = PayloadCapacity - payload.Length;
        var control = payload.Length > 0 ? 0x1 : 0x0;
        if (adaptationSize > 0)
        {
            control |= 0x2;
            packet[HeaderSize] = (byte)(adaptationSize - 1);
            var fields = packet.AsSpan(HeaderSize + 1, adaptationSize - 1);
            fields.Fill(0xFF);
            if (adaptation.Length > 1)
            {
                adaptation[1..].CopyTo(fields);
            }
            else if (fields.Length > 0)
            {
                fields[0] = 0x00; // no flags: the rest is stuffing
            }
        }

        packet[3] = (byte)((header[3] & 0xCF) | (control << 4));
        payload.CopyTo(packet.AsSpan(HeaderSize + adaptationSize));
        return packet;
    }
}
