using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;

namespace Airwave.Sandbox.Kubernetes.Streaming.Exec;

/// <summary>
/// Exec over WebSocket channels, as kubectl 1.30+ and the official clients speak it: 0 stdin, 1 stdout, 2 stderr,
/// 3 the command's end as a Status, 4 terminal sizes; in v5 the client ends stdin with <c>[255, 0]</c>, in v4 by
/// closing the socket.
/// </summary>
internal static class WebSocketExec
{
    public const string V5 = "v5.channel.k8s.io";
    public const string V4 = "v4.channel.k8s.io";

    public static async Task ServeAsync(WebSocket socket, string protocol, ExecRequest request, ProcessStartInfo start, CancellationToken ct)
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
            var status = await ExecRunner.RunAsync(request, start, streams, ct);
            await channels.SendAsync(3, Encoding.UTF8.GetBytes(status.ToJsonString()), ct);
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
