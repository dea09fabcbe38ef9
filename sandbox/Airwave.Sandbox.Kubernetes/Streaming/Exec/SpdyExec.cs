using System.Text;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Streaming.Spdy;

namespace Airwave.Sandbox.Kubernetes.Streaming.Exec;

/// <summary>
/// Exec and attach over SPDY (v4.channel.k8s.io), as clients that do not speak WebSocket do them: the client opens a
/// stream per part, named by its <c>streamtype</c> header (error, stdin, stdout, stderr, resize); once all it asked
/// for are there the command runs (or the container is attached to), and the Status is written to the error stream. A client that has not opened them all
/// within 30 s, or keeps the connection once the command is over, is cut off.
/// </summary>
internal sealed class SpdyExec(ExecRequest request, Func<ExecStreams, CancellationToken, Task<JsonObject>> run, CancellationTokenSource session)
{
    public const string Protocol = "v4.channel.k8s.io";
    private static readonly TimeSpan StreamsTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, SpdyStream> _streams = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task ServeAsync(Stream transport, ExecRequest request, Func<ExecStreams, CancellationToken, Task<JsonObject>> run, CancellationToken ct)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(ct);
        session.CancelAfter(StreamsTimeout);
        var exec = new SpdyExec(request, run, session);
        using var connection = new SpdyConnection(transport);
        await connection.RunAsync(stream => exec.OnStreamAsync(stream, session.Token), session.Token);
    }

    private IEnumerable<string> Expected()
    {
        yield return "error";
        if (request.Stdin)
        {
            yield return "stdin";
        }

        if (request.Stdout)
        {
            yield return "stdout";
        }

        if (request.SeparateStderr)
        {
            yield return "stderr";
        }

        if (request.Tty)
        {
            yield return "resize";
        }
    }

    private async Task OnStreamAsync(SpdyStream stream, CancellationToken ct)
    {
        using (stream)
        {
            var type = stream.Headers.GetValueOrDefault("streamtype") ?? "";
            bool complete;
            lock (_lock)
            {
                if (!Expected().Contains(type) || !_streams.TryAdd(type, stream))
                {
                    complete = false;
                    type = "";
                }
                else
                {
                    complete = Expected().All(_streams.ContainsKey);
                }
            }

            if (type.Length == 0)
            {
                await stream.ResetAsync(ct);
            }
            else if (complete)
            {
                await RunAsync(ct);
            }
            else
            {
                await _done.Task.WaitAsync(ct);
            }
        }
    }

    private async Task RunAsync(CancellationToken ct)
    {
        try
        {
            // The client has until the command ends; then it has a few seconds to read the rest and go.
            session.CancelAfter(Timeout.InfiniteTimeSpan);
            var streams = new ExecStreams(_streams.GetValueOrDefault("stdin"), _streams.GetValueOrDefault("stdout"), _streams.GetValueOrDefault("stderr"), _streams.GetValueOrDefault("resize"));
            var status = await run(streams, ct);
            var error = _streams["error"];
            await error.WriteAsync(Encoding.UTF8.GetBytes(status.ToJsonString()), ct);
            await error.CompleteWritesAsync(ct);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client went away; the command went with it.
        }
        finally
        {
            _done.TrySetResult();
            session.CancelAfter(CloseWait);
        }
    }
}
