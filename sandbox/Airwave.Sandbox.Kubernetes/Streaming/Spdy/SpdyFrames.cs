using System.Buffers.Binary;

namespace Airwave.Sandbox.Kubernetes.Streaming.Spdy;

/// <summary>
/// SPDY/3's frames as bytes. Every frame starts with 8 bytes: a control frame has its top bit set, the version (3)
/// and its type, then flags and a 24-bit length; a data frame has the stream id, then flags and length.
/// </summary>
internal static class SpdyFrames
{
    public const int HeaderLength = 8;
    public const ushort Version = 3;
    public const byte FlagFin = 0x01;

    public const ushort SynStream = 1;
    public const ushort SynReply = 2;
    public const ushort RstStream = 3;
    public const ushort Settings = 4;
    public const ushort Ping = 6;
    public const ushort GoAway = 7;
    public const ushort Headers = 8;
    public const ushort WindowUpdate = 9;

    /// <summary>RST_STREAM and GOAWAY status codes used here.</summary>
    public const int ProtocolError = 1;
    public const int RefusedStream = 3;
    public const int Cancel = 5;

    public static byte[] Control(ushort type, byte flags, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[HeaderLength + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)(0x8000 | Version));
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), type);
        WriteFlagsAndLength(frame, flags, payload.Length);
        payload.CopyTo(frame.AsSpan(HeaderLength));
        return frame;
    }

    public static byte[] Data(uint streamId, byte flags, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[HeaderLength + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, streamId & 0x7FFFFFFF);
        WriteFlagsAndLength(frame, flags, payload.Length);
        payload.CopyTo(frame.AsSpan(HeaderLength));
        return frame;
    }

    public static byte[] SynReplyFrame(uint streamId, byte[] headerBlock)
    {
        var payload = new byte[4 + headerBlock.Length];
        BinaryPrimitives.WriteUInt32BigEndian(payload, streamId);
        headerBlock.CopyTo(payload, 4);
        return Control(SynReply, 0, payload);
    }

    /// <summary>RST_STREAM and GOAWAY: a stream id and a status.</summary>
    public static byte[] StreamStatus(ushort type, uint streamId, int status)
    {
        Span<byte> payload = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(payload, streamId);
        BinaryPrimitives.WriteInt32BigEndian(payload[4..], status);
        return Control(type, 0, payload);
    }

    public static uint StreamId(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadUInt32BigEndian(bytes) & 0x7FFFFFFF;

    private static void WriteFlagsAndLength(Span<byte> frame, byte flags, int length)
    {
        frame[4] = flags;
        frame[5] = (byte)(length >> 16);
        frame[6] = (byte)(length >> 8);
        frame[7] = (byte)length;
    }
}
