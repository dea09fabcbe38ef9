namespace Airwave.Sandbox.Aws.MediaPackage.Encryption;

/// <summary>One PES packet of a transport stream: the TS packets (by index) that carry it, from its unit start on.</summary>
internal sealed class Pes(int pid)
{
    private readonly List<int> _packets = [];

    public int Pid { get; } = pid;

    /// <summary>
    /// The whole PES packets of these PIDs, in order. Packets of a PES that began in an earlier segment are not
    /// collected: they are not a whole unit and pass as they are.
    /// </summary>
    public static IEnumerable<Pes> Collect(IReadOnlyList<TsPacket> packets, IEnumerable<int> pids)
    {
        var open = pids.ToDictionary(pid => pid, _ => (Pes?)null);
        for (var i = 0; i < packets.Count; i++)
        {
            var packet = packets[i];
            if (!open.TryGetValue(packet.Pid, out var current))
            {
                continue;
            }

            if (packet.UnitStart)
            {
                if (current is not null)
                {
                    yield return current;
                }

                current = open[packet.Pid] = new Pes(packet.Pid);
            }

            current?._packets.Add(i);
        }

        foreach (var last in open.Values.OfType<Pes>())
        {
            yield return last;
        }
    }

    /// <summary>The PES packet's bytes: the payloads of its TS packets, joined.</summary>
    public byte[] Bytes(byte[] segment, IReadOnlyList<TsPacket> packets)
    {
        var body = new MemoryStream();
        foreach (var index in _packets)
        {
            body.Write(segment, packets[index].PayloadOffset, packets[index].PayloadLength);
        }

        return body.ToArray();
    }

    /// <summary>The length of a PES packet's header, after which its elementary stream data begins.</summary>
    /// <exception cref="InvalidDataException">The bytes do not start a PES packet.</exception>
    public static int HeaderLength(byte[] body)
    {
        if (body.Length < 9 || body[0] != 0 || body[1] != 0 || body[2] != 1 || 9 + body[8] > body.Length)
        {
            throw new InvalidDataException("a PES packet does not start with its start code and header");
        }

        return 9 + body[8];
    }

    /// <summary>The PES packet length field made to fit a packet whose payload changed length (0, unbounded, stays).</summary>
    public static void SetLength(byte[] body)
    {
        if (body[4] == 0 && body[5] == 0)
        {
            return;
        }

        var length = body.Length - 6 > ushort.MaxValue ? 0 : body.Length - 6;
        (body[4], body[5]) = ((byte)(length >> 8), (byte)length);
    }

    /// <summary>
    /// The TS packets that carry this PES's new bytes in place of each of its old ones: the old packets' payloads
    /// filled in order, a packet left with nothing to carry dropped (or, holding an adaptation field, kept without
    /// payload), and packets added after the last when the bytes grew.
    /// </summary>
    public IEnumerable<(int Index, List<byte[]> Packets)> Repacketize(byte[] segment, IReadOnlyList<TsPacket> packets, byte[] body)
    {
        var position = 0;
        foreach (var index in _packets)
        {
            var packet = packets[index];
            var carried = new List<byte[]>();
            var take = Math.Min(packet.PayloadLength, body.Length - position);
            if (take > 0 || packet.AdaptationLength > 0)
            {
                carried.Add(packet.WithPayload(segment, body.AsSpan(position, take)));
            }

            position += take;
            if (index == _packets[^1])
            {
                for (; position < body.Length; position += TsPacket.PayloadCapacity)
                {
                    carried.Add(TsPacket.Continuation(Pid, body.AsSpan(position, Math.Min(TsPacket.PayloadCapacity, body.Length - position))));
                }
            }

            yield return (index, carried);
        }
    }
}
