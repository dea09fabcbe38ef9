using System.Globalization;
using System.Text;
using Airwave.Sandbox.Kubernetes.Streaming.Spdy;

namespace Airwave.Sandbox.Kubernetes.Streaming.PortForward;

/// <summary>
/// Port forwarding over SPDY (portforward.k8s.io), as kubectl does it: for each local connection the client opens an
/// error stream and a data stream with the same <c>requestid</c> and the pod's <c>port</c>; once both are there the
/// data stream is joined to a new connection to that port, and whatever went wrong is written to the error stream
/// before it ends. A stream left without its partner is reset after 30 s, as the kubelet does.
/// </summary>
internal sealed class SpdyPortForward(PortForwardTarget target)
{
    public const string Protocol = "portforward.k8s.io";
    private static readonly TimeSpan PairTimeout = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Pair> _waiting = new(StringComparer.Ordinal);

    public static async Task ServeAsync(Stream transport, PortForwardTarget target, CancellationToken ct)
    {
        var forward = new SpdyPortForward(target);
        using var connection = new SpdyConnection(transport);
        await connection.RunAsync(stream => forward.OnStreamAsync(stream, ct), ct);
    }

    private async Task OnStreamAsync(SpdyStream stream, CancellationToken ct)
    {
        using (stream)
        {
            var type = stream.Headers.GetValueOrDefault("streamtype");
            if (type is not ("error" or "data"))
            {
                await stream.ResetAsync(ct);
                return;
            }

            // Clients before requestid paired an error stream with the data stream opened right after it.
            var requestId = stream.Headers.GetValueOrDefault("requestid")
                ?? (type == "error" ? stream.Id : stream.Id - 2).ToString(CultureInfo.InvariantCulture);
            Pair pair;
            bool first;
            lock (_lock)
            {
                first = !_waiting.Remove(requestId, out pair!);
                if (first)
                {
                    _waiting[requestId] = pair = new Pair();
                }
            }

            if (!pair.Add(type, stream))
            {
                await stream.ResetAsync(ct);
                return;
            }

            if (first)
            {
                await WaitForPartnerAsync(requestId, pair, stream, ct);
            }
            else
            {
                await ForwardAsync(pair, ct);
            }
        }
    }

    /// <summary>The first stream of a pair lives until the forwarding its partner runs is over.</summary>
    private async Task WaitForPartnerAsync(string requestId, Pair pair, SpdyStream stream, CancellationToken ct)
    {
        try
        {
            await pair.Paired.Task.WaitAsync(PairTimeout, ct);
        }
        catch (TimeoutException)
        {
            lock (_lock)
            {
                if (_waiting.GetValueOrDefault(requestId) == pair)
                {
                    _waiting.Remove(requestId);
                }
            }

            if (!pair.Paired.Task.IsCompleted)
            {
                await stream.ResetAsync(ct);
                return;
            }
        }

        await pair.Done.Task.WaitAsync(ct);
    }

    private async Task ForwardAsync(Pair pair, CancellationToken ct)
    {
        var (error, data) = (pair.Error!, pair.Data!);
        try
        {
            var failure = int.TryParse(data.Headers.GetValueOrDefault("port"), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
                ? await PortForwarder.ForwardAsync(target.Address, port, data, ct)
                : $"invalid port header \"{data.Headers.GetValueOrDefault("port")}\"";
            await data.CompleteWritesAsync(ct);
            if (failure is not null)
            {
                await error.WriteAsync(Encoding.UTF8.GetBytes(target.Failure(port, failure)), ct);
            }

            await error.CompleteWritesAsync(ct);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client reset the streams or went away.
        }
        finally
        {
            pair.Done.TrySetResult();
        }
    }

    private sealed class Pair
    {
        private readonly Lock _lock = new();

        public SpdyStream? Error { get; private set; }

        public SpdyStream? Data { get; private set; }

        public TaskCompletionSource Paired { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Takes the stream unless the pair has one of its type already.</summary>
        public bool Add(string type, SpdyStream stream)
        {
            lock (_lock)
            {
                if ((type == "error" ? Error : Data) is not null)
                {
                    return false;
                }

                if (type == "error")
                {
                    Error = stream;
                }
                else
                {
                    Data = stream;
                }

                if (Error is not null && Data is not null)
                {
                    Paired.TrySetResult();
                }

                return true;
            }
        }
    }
}
