using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Airwave.Sandbox.Kubernetes.Streaming.Exec;

/// <summary>
/// Runs one exec's command, whatever carries its streams: stdin passed on until the client ends it, stdout and
/// stderr passed back and ended when the command's are, with a tty the command on a terminal sized as the client's.
/// The result is the Status the client reads. A client that goes away takes the command with it.
/// </summary>
internal static class ExecRunner
{
    // kubectl sends its terminal's size first thing; a command started before it would see a 0x0 terminal.
    private static readonly TimeSpan FirstSizeWait = TimeSpan.FromSeconds(1);

    public static async Task<JsonObject> RunAsync(ExecRequest request, ProcessStartInfo start, ExecStreams streams, CancellationToken aborted)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var sizes = Channel.CreateBounded<TerminalSize>(new BoundedChannelOptions(4) { FullMode = BoundedChannelFullMode.DropOldest });
        var readingSizes = request.Tty && streams.Resize is { } resize ? TerminalSize.ReadAllAsync(resize, sizes.Writer, stop.Token) : Task.CompletedTask;
        if (request.Tty)
        {
            start = TerminalCommand.Wrap(start, await FirstSizeAsync(sizes.Reader, aborted));
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("the command did not start");
        }
        catch (Win32Exception e)
        {
            await stop.CancelAsync();
            await readingSizes;
            return ExecStatus.Failure("InternalError", $"error executing command in container: exec: \"{request.Command[0]}\": {e.Message}");
        }

        using (process)
        {
            if (streams.Stdin is null)
            {
                process.StandardInput.Close();
            }

            var stdin = streams.Stdin is { } input ? CopyStdinAsync(input, process, stop.Token) : Task.CompletedTask;
            var resizing = request.Tty ? ResizeAsync(process, sizes.Reader, stop.Token) : Task.CompletedTask;
            // With a terminal, stderr is the terminal as well.
            var stderr = request.Tty ? streams.Stdout : streams.Stderr;
            try
            {
                await Task.WhenAll(PumpAsync(process.StandardOutput.BaseStream, streams.Stdout, aborted), PumpAsync(process.StandardError.BaseStream, stderr, aborted));
                await process.WaitForExitAsync(aborted);
                foreach (var output in new[] { streams.Stdout, streams.Stderr }.OfType<IDuplexChannel>())
                {
                    await output.CompleteWritesAsync(aborted);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                // The client went away: so does the command.
                process.Kill(entireProcessTree: true);
                throw new OperationCanceledException("the client went away", e, aborted);
            }
            finally
            {
                await stop.CancelAsync();
                await Task.WhenAll(stdin, resizing, readingSizes);
            }

            return ExecStatus.Exited(process.ExitCode);
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

    private static async Task CopyStdinAsync(IDuplexChannel stdin, Process process, CancellationToken ct)
    {
        var buffer = new byte[32 * 1024];
        try
        {
            int read;
            while ((read = await stdin.ReadAsync(buffer, ct)) > 0)
            {
                await process.StandardInput.BaseStream.WriteAsync(buffer.AsMemory(0, read), ct);
                await process.StandardInput.BaseStream.FlushAsync(ct);
            }

            process.StandardInput.Close();
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The command ended first; nothing more can go to it.
        }
    }

    private static async Task ResizeAsync(Process process, ChannelReader<TerminalSize> sizes, CancellationToken ct)
    {
        try
        {
            await foreach (var size in sizes.ReadAllAsync(ct))
            {
                await TerminalCommand.ResizeAsync(process.Id, size, ct);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or Win32Exception or InvalidOperationException)
        {
            // The command ended.
        }
    }

    private static async Task PumpAsync(Stream output, IDuplexChannel? channel, CancellationToken ct)
    {
        var buffer = new byte[32 * 1024];
        int read;
        while ((read = await output.ReadAsync(buffer, ct)) > 0)
        {
            if (channel is not null)
            {
                await channel.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
    }
}
