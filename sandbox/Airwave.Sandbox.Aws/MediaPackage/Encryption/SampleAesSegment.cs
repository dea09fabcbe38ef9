using System.Security.Cryptography;

namespace Airwave.Sandbox.Aws.MediaPackage.Encryption;

/// <summary>
/// A transport stream segment sample-encrypted as Apple's MPEG-2 stream encryption format says: each H.264 and
/// ADTS AAC PES has its samples encrypted (<see cref="SampleAes"/>) and is packetized again (a slice can grow by the
/// emulation-prevention bytes its encrypted bytes need), and the program map names the streams by their encrypted
/// types (0xDB, 0xCF) with the private data indicators and, for audio, the setup information a player needs to
/// know the codec before it decrypts. Other packets pass as they are.
/// </summary>
internal static class SampleAesSegment
{
    private const byte H264 = 0x1B;
    private const byte AdtsAac = 0x0F;
    private const byte EncryptedH264 = 0xDB;
    private const byte EncryptedAac = 0xCF;

    public static byte[] Encrypt(byte[] segment, byte[] key, byte[] iv)
    {
        var packets = TsPacket.Split(segment);
        var programMaps = ProgramMap.Pids(segment, packets);
        var maps = packets.Where(p => programMaps.Contains(p.Pid) && p.UnitStart).Select(p => ProgramMap.Read(segment, p)).ToList();
        var types = maps.SelectMany(m => m.Streams).Where(s => s.Type is H264 or AdtsAac).GroupBy(s => s.Pid).ToDictionary(g => g.Key, g => g.First().Type);

        using var aes = Aes.Create();
        aes.Key = key;
        var replaced = new Dictionary<int, List<byte[]>>();
        byte[]? audioSetup = null;
        foreach (var pes in Pes.Collect(segment, packets, types.Keys))
        {
            var body = pes.Bytes(segment, packets);
            var header = Pes.HeaderLength(body);
            var elementary = body.AsSpan(header);
            if (types[pes.Pid] == AdtsAac)
            {
                audioSetup ??= Adts.At(elementary, 0)?.AudioSpecificConfig();
            }

            var encrypted = types[pes.Pid] == H264 ? SampleAes.EncryptVideo(elementary, aes, iv) : SampleAes.EncryptAudio(elementary, aes, iv);
            var rebuilt = new byte[header + encrypted.Length];
            body.AsSpan(0, header).CopyTo(rebuilt);
            encrypted.CopyTo(rebuilt, header);
            Pes.SetLength(rebuilt);
            foreach (var (index, output) in pes.Repacketize(segment, packets, rebuilt))
            {
                replaced[index] = output;
            }
        }

        var rewrittenMaps = maps.DistinctBy(m => m.Pid).ToDictionary(m => m.Pid, m => m.Encrypted(types, audioSetup));
        return Emit(segment, packets, replaced, rewrittenMaps, types.Keys.ToHashSet());
    }

    private static byte[] Emit(byte[] segment, IReadOnlyList<TsPacket> packets, Dictionary<int, List<byte[]>> replaced, Dictionary<int, ProgramMap> maps, HashSet<int> renumbered)
    {
        var output = new MemoryStream(segment.Length + (TsPacket.Size * 16));
        var continuity = new Dictionary<int, int>();
        for (var i = 0; i < packets.Count; i++)
        {
            var packet = packets[i];
            var emitted = replaced.TryGetValue(i, out var list) ? list
                : packet.UnitStart && maps.TryGetValue(packet.Pid, out var map) ? [map.Packet(segment, packet)]
                : [segment.AsSpan(packet.Offset, TsPacket.Size).ToArray()];
            foreach (var bytes in emitted)
            {
                if (renumbered.Contains(packet.Pid))
                {
                    // Packets were added or dropped: each PID's counter runs on from its first packet's.
                    var hasPayload = ((bytes[3] >> 4) & 0x1) != 0;
                    var next = continuity.TryGetValue(packet.Pid, out var previous) ? (hasPayload ? previous + 1 : previous) : bytes[3] & 0xF;
                    continuity[packet.Pid] = next & 0xF;
                    TsPacket.SetContinuity(bytes, next);
                }

                output.Write(bytes);
            }
        }

        return output.ToArray();
    }
}
