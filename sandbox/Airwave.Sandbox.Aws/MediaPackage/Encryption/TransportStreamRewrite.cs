namespace Airwave.Sandbox.Aws.MediaPackage.Encryption;

/// <summary>
/// A transport stream segment with the elementary stream data of chosen streams rewritten: each whole PES of those
/// streams carries the rewritten data, packetized again (its TS packets reused in order, stuffed or dropped when it
/// shrank, packets added when it grew, each PID's continuity counter running on), and each program map is rewritten
/// once the data has been. Other packets pass as they are.
/// </summary>
internal static class TransportStreamRewrite
{
    /// <param name="rewrites">Whether a stream of the program map is rewritten.</param>
    /// <param name="rewrite">A PES's elementary stream data, rewritten, by the PID that carries it.</param>
    /// <param name="map">A program map, rewritten after every PES has been.</param>
    /// <exception cref="InvalidDataException">The segment is not a transport stream this reads.</exception>
    public static byte[] Rewrite(byte[] segment, Func<ProgramMap.Stream, bool> rewrites, Func<int, byte[], byte[]> rewrite, Func<ProgramMap, ProgramMap> map)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(rewrites);
        ArgumentNullException.ThrowIfNull(rewrite);
        ArgumentNullException.ThrowIfNull(map);
        var packets = TsPacket.Split(segment);
        var mapPids = ProgramMap.Pids(segment, packets);
        var maps = packets.Where(p => mapPids.Contains(p.Pid) && p.UnitStart).Select(p => ProgramMap.Read(segment, p)).ToList();
        var pids = maps.SelectMany(m => m.Streams).Where(rewrites).Select(s => s.Pid).ToHashSet();

        var replaced = new Dictionary<int, List<byte[]>>();
        foreach (var pes in Pes.Collect(packets, pids))
        {
            var body = pes.Bytes(segment, packets);
            var header = Pes.HeaderLength(body);
            byte[] rebuilt = [.. body.AsSpan(0, header), .. rewrite(pes.Pid, body[header..])];
            Pes.SetLength(rebuilt);
            foreach (var (index, carried) in pes.Repacketize(segment, packets, rebuilt))
            {
                replaced[index] = carried;
            }
        }

        var rewrittenMaps = maps.DistinctBy(m => m.Pid).ToDictionary(m => m.Pid, map);
        return Emit(segment, packets, replaced, rewrittenMaps, pids);
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
