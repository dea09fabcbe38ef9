using System.Text.Json.Nodes;
using System.Threading.Channels;
using Airwave.Sandbox.Kubernetes.Pods;

namespace Airwave.Sandbox.Kubernetes.Streaming.Exec;

/// <summary>
/// One attach to a running container, whatever carries its streams: what the container writes from now on goes to
/// the client (all of it to stdout with a tty), the client's stdin to the container's, and its terminal sizes to the
/// container's terminal. It ends when the container does (a Success Status: the container's own end is in the pod's
/// status) or the client goes; the container runs on. With <c>stdinOnce</c>, the container's stdin ends when the
/// first client's does.
/// </summary>
internal static class AttachRunner
{
    // kubectl sends its terminal's size and what was typed at once; the size goes first, so that the container
    // answers what was typed on a terminal of the client's size.
    private static readonly TimeSpan FirstSizeWait = TimeSpan.FromSeconds(1);

    public static async Task<JsonObject> RunAsync(ExecRequest request, AttachTarget target, ExecStreams streams, CancellationToken aborted)
    {
        var output = target.Process.Output.Attach(out var detach);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var sizes = Channel.CreateBounded<TerminalSize>(new BoundedChannelOptions(4) { FullMode = BoundedChannelFullMode.DropOldest });
        var readingSizes = request.Tty && streams.Resize is { } resize ? TerminalSize.ReadAllAsync(resize, sizes.Writer, stop.Token) : Task.CompletedTask;
        if (request.Tty && await FirstSizeAsync(sizes.Reader, aborted) is { } first)
        {
            await TerminalCommand.ResizeAsync(target.Process.Id, first, aborted);
        }

        var stdin = streams.Stdin is { } input ? CopyStdinAsync(input, target, stop.Token) : Task.CompletedTask;
        var resizing = request.Tty ? ResizeAsync(sizes.Reader, target.Process.Id, stop.Token) : Task.CompletedTask;
        try
        {
            await foreach (var chunk in output.ReadAllAsync(aborted))
            {
                if ((chunk.Stream == 1 || request.Tty ? streams.Stdout : streams.Stderr) is { } channel)
                {
                    await channel.WriteAsync(chunk.Bytes, aborted);
                }
            }

            foreach (var channel in new[] { streams.Stdout, streams.Stderr }.OfType<IDuplexChannel>())
            {
                await channel.CompleteWritesAsync(aborted);
            }

            return ExecStatus.Success();
        }
        catch (IOException e)
        {
            throw new OperationCanceledException("the client went away", e, aborted);
        }
        finally
        {
            detach();
            await stop.CancelAsync();
            await Task.WhenAll(stdin, resizing, readingSizes);
        }
    }

    private static async Task<TerminalSize?> FirstSizeAsync(ChannelReader<TerminalSize> sizes, CancellationToken ct)
    {
        try
        {
            return await sizes.WaitToReadAsync(ct).AsTask().WaitAsync(FirstSizeWait, ct) && sizes.TryRead(out var size) ? size : null;
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private static async Task CopyStdinAsync(IDuplexChannel input, AttachTarget target, CancellationToken ct)
    {
        if (target.Process.Stdin is not { } stdin)
        {
            return;
        }

        var buffer = new byte[32 * 1024];
        try
        {
            int read;
            while ((read = await input.ReadAsync(buffer, ct)) > 0)
            {
                await stdin.WriteAsync(buffer.AsMemory(0, read), ct);
                await stdin.FlushAsync(ct);
            }

            if (target.StdinOnce)
            {
                target.Process.CloseStdin();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The container ended, or the client went away: nothing more goes in this time.
        }
    }

    private static async Task ResizeAsync(ChannelReader<TerminalSize> sizes, int terminalPid, CancellationToken ct)
    {
        try
        {
            await foreach (var size in sizes.ReadAllAsync(ct))
            {
                await TerminalCommand.ResizeAsync(terminalPid, size, ct);
            }
        }
        catch (OperationCanceledException)
        {
            // Detached.
        }
    }
}

/// <summary>A running container to attach to: its process, and whether its stdin ends with the first client's (<c>stdinOnce</c>).</summary>
internal sealed record AttachTarget(ContainerProcess Process, bool StdinOnce);
