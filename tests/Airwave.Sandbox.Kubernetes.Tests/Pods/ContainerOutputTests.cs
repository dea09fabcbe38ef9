using Airwave.Sandbox.Kubernetes.Pods;

namespace Airwave.Sandbox.Kubernetes.Tests.Pods;

/// <summary>A container's output as `kubectl logs` and `kubectl attach` see it: lines for the log, bytes as they came for attached clients.</summary>
public sealed class ContainerOutputTests
{
    [Fact]
    public async Task Lines_end_at_cr_lf_or_cr_lf_across_reads_and_attached_clients_get_every_byte_in_order()
    {
        // "é" is two bytes, split across two reads; a CR LF is split too; the last line has no end.
        byte[][] stdout = ["one\r"u8.ToArray(), "\ntwo\rthree\nd"u8.ToArray(), [0xC3], [0xA9, (byte)'j', (byte)'a']];
        byte[][] stderr = ["oops\n"u8.ToArray()];
        var output = new ContainerOutput();
        var attached = output.Attach(out var detach);
        var lines = new List<string>();

        await output.PumpAsync(new ChunkedStream(stdout), new ChunkedStream(stderr), line => { lock (lines) { lines.Add(line); } });
        var chunks = new List<(int Stream, byte[] Bytes)>();
        await foreach (var chunk in attached.ReadAllAsync())
        {
            chunks.Add((chunk.Stream, chunk.Bytes.ToArray()));
        }

        var late = output.Attach(out _);
        detach();

        // stdout and stderr are read side by side: each stream's lines in order, the two interleaved as they came.
        Assert.Equal(["one", "two", "three", "déja"], lines.Where(l => l != "oops"));
        Assert.Single(lines, "oops");
        Assert.Equal(stdout.SelectMany(b => b), chunks.Where(c => c.Stream == 1).SelectMany(c => c.Bytes));
        Assert.Equal(stderr.SelectMany(b => b), chunks.Where(c => c.Stream == 2).SelectMany(c => c.Bytes));
        Assert.True(late.Completion.IsCompleted, "a client attaching after the container's streams ended gets nothing more");
    }

    /// <summary>A stream that answers each read with the next of the chunks given, as a pipe does when a process writes in pieces.</summary>
    private sealed class ChunkedStream(byte[][] chunks) : Stream
    {
        private int _next;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_next == chunks.Length)
            {
                return 0;
            }

            var chunk = chunks[_next++];
            chunk.CopyTo(buffer, offset);
            return chunk.Length;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
