using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Streaming.Exec;

/// <summary>
/// Exec and attach over WebSocket channels, as kubectl 1.30+ and the official clients speak them: 0 stdin, 1 stdout,
/// 2 stderr, 3 the end as a Status (as text in the first version, channel.k8s.io, for clients that name no
/// subprotocol), 4 terminal sizes; in v5 the client ends stdin with <c>[255, 0]</c>, in v4 and before by closing the
/// socket. <c>run</c> connects the streams to a new command (exec) or a running container (attach).
/// </summary>
internal static class WebSocketExec
{
    public const string V5 = "v5.channel.k8s.io";
    public const string V4 = "v4.channel.k8s.io";

    /// <summary>The first version (no subprotocol named): its error channel carries a failure's message as text, and nothing on success.</summary>
    public const string V1 = "channel.k8s.io";

    public static async Task ServeAsync(WebSocket socket, string protocol, ExecRequest request, Func<ExecStreams, CancellationToken, Task<JsonObject>> run, CancellationToken ct)
    {
        using var channels = new WebSocketChannels(socket, closesChannels: protocol == V5);
        var streams = new ExecStreams(
            request.Stdin ? channels.Open(0) : null,
            request.Stdout ? channels.Writer(1) : null,
            request.SeparateStderr ? channels.Writer(2) : null,
            request.Tty ? channels.Open(4) : null);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = channels.ReadAsync(stop.Token);
        try
        {
            var status = await run(streams, ct);
            if (protocol != V1)
            {
                await channels.SendAsync(3, Encoding.UTF8.GetBytes(status.ToJsonString()), ct);
            }
            else if ((string?)status["status"] != "Success")
            {
                await channels.SendAsync(3, Encoding.UTF8.GetBytes((string?)status["message"] ?? ""), ct);
            }

            await channels.CloseAsync(reading, stop, ct);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The client went away; the command went with it.
            await stop.CancelAsync();
            await reading;
        }
    }
}
