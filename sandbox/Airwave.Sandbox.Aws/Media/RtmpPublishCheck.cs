using System.Buffers.Binary;
using System.Text;

namespace Airwave.Sandbox.Aws.Media;

/// <summary>
/// Reads a publisher's side of an RTMP connection as it passes through the relay, far enough to see the application
/// it connects to and the stream name it publishes, so that a push to any other name (a wrong stream key) is cut off
/// as the services cut it off; ffmpeg's listener would only warn and take it. Knows the handshake, chunking (with
/// the publisher's chunk size) and AMF0 command messages; everything after the decision passes unread.
/// </summary>
internal sealed class RtmpPublishCheck(string expectedApp, string expectedStream)
{
    private const int HandshakeLength = 1 + 1536 + 1536;
    private const byte SetChunkSize = 1;
    private const byte Amf0Command = 20;

    private readonly List<byte> _pending = [];
    private readonly Dictionary<int, ChunkStream> _streams = [];
    private int _handshakeLeft = HandshakeLength;
    private int _chunkSize = 128;
    private string? _app;

    /// <summary>Null until the publish command is read; then whether it names the expected application and stream.</summary>
    public bool? Verdict { get; private set; }

    /// <param name="streamName">As the relay's ffmpeg listens for it: <c>{app}/{stream}</c>.</param>
    public static RtmpPublishCheck For(string streamName)
    {
        var slash = streamName.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? new RtmpPublishCheck(streamName, "") : new RtmpPublishCheck(streamName[..slash], streamName[(slash + 1)..]);
    }

    /// <summary>Takes the next bytes the publisher sent; returns the verdict once there is one.</summary>
    public bool? Read(ReadOnlySpan<byte> bytes)
    {
        if (Verdict is not null)
        {
            return Verdict;
        }

        var skip = Math.Min(_handshakeLeft, bytes.Length);
        _handshakeLeft -= skip;
        _pending.AddRange(bytes[skip..]);
        while (Verdict is null && TryReadChunk())
        {
        }

        return Verdict;
    }

    private bool TryReadChunk()
    {
        var data = _pending;
        if (data.Count < 1)
        {
            return false;
        }

        var format = data[0] >> 6;
        var chunkStreamId = data[0] & 0x3F;
        var at = 1;
        if (chunkStreamId == 0)
        {
            if (data.Count < 2)
            {
                return false;
            }

            chunkStreamId = 64 + data[1];
            at = 2;
        }
        else if (chunkStreamId == 1)
        {
            if (data.Count < 3)
            {
                return false;
            }

            chunkStreamId = 64 + data[1] + (data[2] * 256);
            at = 3;
        }

        var headerLength = format switch { 0 => 11, 1 => 7, 2 => 3, _ => 0 };
        if (data.Count < at + headerLength)
        {
            return false;
        }

        var stream = _streams.TryGetValue(chunkStreamId, out var known) ? known : _streams[chunkStreamId] = new ChunkStream();
        var timestamp = headerLength >= 3 ? (data[at] << 16) | (data[at + 1] << 8) | data[at + 2] : stream.Timestamp;
        if (format <= 1)
        {
            stream.Length = (data[at + 3] << 16) | (data[at + 4] << 8) | data[at + 5];
            stream.Type = data[at + 6];
        }

        at += headerLength;
        if (timestamp == 0xFFFFFF)
        {
            at += 4;
        }

        stream.Timestamp = timestamp;
        var take = Math.Min(_chunkSize, stream.Length - stream.Body.Count);
        if (data.Count < at + take)
        {
            return false;
        }

        stream.Body.AddRange(data.GetRange(at, take));
        data.RemoveRange(0, at + take);
        if (stream.Body.Count >= stream.Length)
        {
            var body = stream.Body.ToArray();
            stream.Body.Clear();
            Message(stream.Type, body);
        }

        return true;
    }

    private void Message(byte type, byte[] body)
    {
        if (type == SetChunkSize && body.Length >= 4)
        {
            _chunkSize = (int)(BinaryPrimitives.ReadUInt32BigEndian(body) & 0x7FFFFFFF);
            return;
        }

        if (type != Amf0Command)
        {
            return;
        }

        var values = Amf0.ReadAll(body);
        switch (values.FirstOrDefault())
        {
            case "connect":
                _app = values.OfType<Dictionary<string, object?>>().FirstOrDefault()?.GetValueOrDefault("app") as string;
                break;
            case "publish":
                var name = values.Skip(3).FirstOrDefault() as string ?? "";
                Verdict = string.Equals(_app?.TrimEnd('/'), expectedApp, StringComparison.Ordinal) && name.Split('?')[0] == expectedStream;
                break;
        }
    }

    private sealed class ChunkStream
    {
        public int Length { get; set; }

        public byte Type { get; set; }

        public int Timestamp { get; set; }

        public List<byte> Body { get; } = [];
    }

    /// <summary>The AMF0 values a command carries: numbers, booleans, strings, null, objects.</summary>
    private static class Amf0
    {
        public static List<object?> ReadAll(byte[] body)
        {
            var values = new List<object?>();
            var at = 0;
            try
            {
                while (at < body.Length)
                {
                    values.Add(Read(body, ref at));
                }
            }
            catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException or NotSupportedException)
            {
                // A value this reader does not know ends the reading; a command's name and arguments come first.
            }

            return values;
        }

        private static object? Read(byte[] body, ref int at)
        {
            var marker = body[at++];
            switch (marker)
            {
                case 0:
                    at += 8;
                    return BinaryPrimitives.ReadDoubleBigEndian(body.AsSpan(at - 8, 8));
                case 1:
                    return body[at++] != 0;
                case 2:
                    return ReadString(body, ref at);
                case 3:
                    return ReadObject(body, ref at);
                case 5 or 6:
                    return null;
                case 8:
                    at += 4;
                    return ReadObject(body, ref at);
                default:
                    throw new NotSupportedException($"AMF0 marker {marker}");
            }
        }

        private static string ReadString(byte[] body, ref int at)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(at, 2));
            at += 2;
            var text = Encoding.UTF8.GetString(body, at, length);
            at += length;
            return text;
        }

        private static Dictionary<string, object?> ReadObject(byte[] body, ref int at)
        {
            var members = new Dictionary<string, object?>(StringComparer.Ordinal);
            while (true)
            {
                var name = ReadString(body, ref at);
                if (name.Length == 0 && body[at] == 9)
                {
                    at++;
                    return members;
                }

                members[name] = Read(body, ref at);
            }
        }
    }
}
