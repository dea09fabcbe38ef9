using System.Buffers.Binary;

namespace Airwave.Sandbox.Aws.MediaPackage.Encryption;

/// <summary>A program map table (one section in one packet): what precedes its stream loop, and its streams.</summary>
internal sealed record ProgramMap(int Pid, byte TableId, byte SyntaxBits, byte[] Head, IReadOnlyList<ProgramMap.Stream> Streams)
{
    /// <summary>One elementary stream: its stream type, PID and descriptors.</summary>
    internal sealed record Stream(byte Type, int Pid, byte[] Descriptors);

    private const int PatPid = 0;

    /// <summary>The PIDs the segment's program association table gives program maps.</summary>
    public static HashSet<int> Pids(byte[] segment, IReadOnlyList<TsPacket> packets)
    {
        var pids = new HashSet<int>();
        foreach (var packet in packets.Where(p => p.Pid == PatPid && p.UnitStart && p.HasPayload))
        {
            var section = Section(segment, packet);
            for (var entry = 8; entry + 4 <= section.Length - 4; entry += 4)
            {
                var program = BinaryPrimitives.ReadUInt16BigEndian(section.AsSpan(entry));
                if (program != 0)
                {
                    pids.Add(BinaryPrimitives.ReadUInt16BigEndian(section.AsSpan(entry + 2)) & 0x1FFF);
                }
            }
        }

        return pids;
    }

    public static ProgramMap Read(byte[] segment, TsPacket packet)
    {
        var section = Section(segment, packet);
        var programInfoLength = BinaryPrimitives.ReadUInt16BigEndian(section.AsSpan(10)) & 0x0FFF;
        var streams = new List<Stream>();
        for (var entry = 12 + programInfoLength; entry + 5 <= section.Length - 4;)
        {
            var infoLength = BinaryPrimitives.ReadUInt16BigEndian(section.AsSpan(entry + 3)) & 0x0FFF;
            streams.Add(new Stream(section[entry], BinaryPrimitives.ReadUInt16BigEndian(section.AsSpan(entry + 1)) & 0x1FFF, section.AsSpan(entry + 5, infoLength).ToArray()));
            entry += 5 + infoLength;
        }

        return new ProgramMap(packet.Pid, section[0], (byte)(section[1] & 0xF0), section[3..(12 + programInfoLength)], streams);
    }

    /// <summary>
    /// The map of the sample-encrypted program: H.264 as 0xDB with private data indicator 'zavc', ADTS AAC as 0xCF
    /// with 'aacd' and the 'apad' registration whose audio setup information carries the AudioSpecificConfig.
    /// </summary>
    public ProgramMap Encrypted(IReadOnlyDictionary<int, byte> encrypted, byte[]? audioSpecificConfig) => this with
    {
        Streams = Streams.Select(s => !encrypted.ContainsKey(s.Pid) ? s
            : s.Type == 0x1B ? new Stream(0xDB, s.Pid, [.. s.Descriptors, .. PrivateDataIndicator("zavc")])
            : new Stream(0xCF, s.Pid, [.. s.Descriptors, .. PrivateDataIndicator("aacd"), .. AudioSetup(audioSpecificConfig ?? [])])).ToList(),
    };

    /// <summary>This map in a packet with the header of the one it replaces.</summary>
    public byte[] Packet(byte[] segment, TsPacket original)
    {
        var section = new List<byte> { TableId, 0, 0 };
        section.AddRange(Head);
        foreach (var stream in Streams)
        {
            section.AddRange([stream.Type, (byte)(0xE0 | (stream.Pid >> 8)), (byte)stream.Pid, (byte)(0xF0 | (stream.Descriptors.Length >> 8)), (byte)stream.Descriptors.Length]);
            section.AddRange(stream.Descriptors);
        }

        var length = section.Count - 3 + 4;
        (section[1], section[2]) = ((byte)(SyntaxBits | (length >> 8)), (byte)length);
        var crc = Crc32Mpeg2(section);
        section.AddRange([(byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc]);
        if (section.Count > TsPacket.Size - 5)
        {
            throw new InvalidDataException("the encrypted program map does not fit one packet");
        }

        var packet = new byte[TsPacket.Size];
        packet.AsSpan().Fill(0xFF);
        segment.AsSpan(original.Offset, 4).CopyTo(packet);
        packet[3] = (byte)((packet[3] & 0xCF) | 0x10);
        packet[4] = 0; // pointer field: the section starts right here
        section.CopyTo(packet, 5);
        return packet;
    }

    /// <summary>The table section a unit-start packet carries, up to its CRC's end; it must end within the packet.</summary>
    private static byte[] Section(byte[] segment, TsPacket packet)
    {
        var payload = segment.AsSpan(packet.PayloadOffset, packet.PayloadLength);
        var start = 1 + payload[0];
        if (start + 3 > payload.Length)
        {
            throw new InvalidDataException($"the table on PID {packet.Pid} does not start within its packet");
        }

        var length = 3 + (BinaryPrimitives.ReadUInt16BigEndian(payload[(start + 1)..]) & 0x0FFF);
        if (start + length > payload.Length || length < 16)
        {
            throw new InvalidDataException($"the table on PID {packet.Pid} does not fit one packet");
        }

        return payload.Slice(start, length).ToArray();
    }

    private static byte[] PrivateDataIndicator(string fourCc) => [0x0F, 4, .. System.Text.Encoding.ASCII.GetBytes(fourCc)];

    /// <summary>The 'apad' registration descriptor: audio type 'zaac', no priming, version 1, then the setup data.</summary>
    private static byte[] AudioSetup(byte[] setup) =>
        [0x05, (byte)(4 + 8 + setup.Length), .. "apad"u8, .. "zaac"u8, 0, 0, 1, (byte)setup.Length, .. setup];

    /// <summary>The CRC-32 of MPEG-2 sections: polynomial 0x04C11DB7, not reflected, initial value all ones.</summary>
    private static uint Crc32Mpeg2(IEnumerable<byte> bytes)
    {
        var crc = uint.MaxValue;
        foreach (var b in bytes)
        {
            crc ^= (uint)b << 24;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000_0000) != 0 ? (crc << 1) ^ 0x04C1_1DB7 : crc << 1;
            }
        }

        return crc;
    }
}
