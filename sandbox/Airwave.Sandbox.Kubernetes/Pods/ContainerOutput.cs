using System.Text;
using System.Threading.Channels;

namespace Airwave.Sandbox.Kubernetes.Pods;

/// <summary>One chunk of a container's output as it was written: 1 for stdout, 2 for stderr (the exec channels' numbers).</summary>
internal readonly record struct OutputChunk(int Stream, ReadOnlyMemory<byte> Bytes);

/// <summary>
/// A container's stdout and stderr as they come: each chunk of bytes goes to the clients attached at that moment
/// (`kubectl attach`), and the text, cut into lines at CR, LF or CR LF as a reader's lines are, to the run's log.
/// An attached client that does not keep up loses the oldest chunks rather than hold the container up.
/// </summary>
internal sealed class ContainerOutput
{
    private const int AttachedBacklog = 1024;

    private readonly Lock _lock = new();
    private readonly List<ChannelWriter<OutputChunk>> _attached = [];
    private bool _ended;

    /// <summary>Reads both streams to their end, then ends every attached client's output.</summary>
    public async Task PumpAsync(Stream stdout, Stream stderr, Action<string> line)
    {
        await Task.WhenAll(PumpAsync(stdout, 1, line), PumpAsync(stderr, 2, line));
        lock (_lock)
        {
            _ended = true;
            foreach (var attached in _attached)
            {
                attached.TryComplete();
            }

            _attached.Clear();
        }
    }

    /// <summary>The output from now on, until the container's streams end (at once when they have).</summary>
    public ChannelReader<OutputChunk> Attach(out Action detach)
    {
        var channel = Channel.CreateBounded<OutputChunk>(new BoundedChannelOptions(AttachedBacklog) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_lock)
        {
            if (_ended)
            {
                channel.Writer.TryComplete();
            }
            else
            {
                _attached.Add(channel.Writer);
            }
        }

        detach = () =>
        {
            lock (_lock)
            {
                _attached.Remove(channel.Writer);
            }

            channel.Writer.TryComplete();
        };
        return channel.Reader;
    }

    private async Task PumpAsync(Stream source, int stream, Action<string> line)
    {
        var lines = new LineSplitter(line);
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await source.ReadAsync(buffer)) > 0)
        {
            var chunk = new OutputChunk(stream, buffer.AsMemory(0, read).ToArray());
            lock (_lock)
            {
                foreach (var attached in _attached)
                {
                    attached.TryWrite(chunk);
                }
            }

            lines.Add(buffer.AsSpan(0, read));
        }

        lines.End();
    }

    /// <summary>UTF-8 bytes to lines, ended by CR, LF or CR LF (a CR LF split across two reads counted once), the last without an end kept too.</summary>
    private sealed class LineSplitter(Action<string> line)
    {
        private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
        private readonly StringBuilder _current = new();
        private char[] _chars = new char[1024];
        private bool _afterCr;

        public void Add(ReadOnlySpan<byte> bytes)
        {
            var count = _decoder.GetCharCount(bytes, flush: false);
            if (count > _chars.Length)
            {
                _chars = new char[count];
            }

            count = _decoder.GetChars(bytes, _chars, flush: false);
            foreach (var c in _chars.AsSpan(0, count))
            {
                if (c == '\n' && _afterCr)
                {
                    _afterCr = false;
                    continue;
                }

                _afterCr = c == '\r';
                if (c is '\r' or '\n')
                {
                    line(_current.ToString());
                    _current.Clear();
                }
                else
                {
                    _current.Append(c);
                }
            }
        }

        public void End()
        {
            if (_current.Length > 0)
            {
                line(_current.ToString());
                _current.Clear();
            }
        }
    }
}
