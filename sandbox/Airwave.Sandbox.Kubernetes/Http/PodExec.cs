using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Pods;
using Airwave.Sandbox.Kubernetes.Streaming.Exec;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Kubernetes.Http;

/// <summary>
/// pods/{name}/exec and pods/{name}/attach over a WebSocket (<c>v5.channel.k8s.io</c>, else <c>v4.channel.k8s.io</c>:
/// kubectl 1.30+ and the official clients) or SPDY (<c>v4.channel.k8s.io</c>: older clients, and kubectl with
/// <c>KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false</c>). An exec's command runs as the container's processes do; an
/// attach connects to the container's own streams.
/// </summary>
internal static class PodExec
{
    public static Task ExecAsync(HttpContext http, Kubelet kubelet, string ns, string name)
    {
        var request = ExecRequest.From(http.Request.Query);
        return ServeAsync(http, "exec", name, request, () =>
        {
            var start = kubelet.ExecStart(ns, name, request.Container, request.Command);
            return (streams, ct) => ExecRunner.RunAsync(request, start, streams, ct);
        });
    }

    public static Task AttachAsync(HttpContext http, Kubelet kubelet, string ns, string name)
    {
        var request = ExecRequest.ForAttach(http.Request.Query);
        return ServeAsync(http, "attach", name, request, () =>
        {
            var target = kubelet.AttachTarget(ns, name, request.Container, request);
            return (streams, ct) => AttachRunner.RunAsync(request, target, streams, ct);
        });
    }

    /// <param name="prepare">What the streams connect to, found (or refused, as an API error) before the upgrade is answered.</param>
    private static async Task ServeAsync(HttpContext http, string what, string name, ExecRequest request, Func<Func<ExecStreams, CancellationToken, Task<JsonObject>>> prepare)
    {
        if (http.WebSockets.IsWebSocketRequest)
        {
            // A client that names no subprotocol gets the first one, channel.k8s.io, as from kube-apiserver.
            var requested = http.WebSockets.WebSocketRequestedProtocols;
            var protocol = requested.Contains(WebSocketExec.V5) ? WebSocketExec.V5 : requested.Contains(WebSocketExec.V4) ? WebSocketExec.V4
                : requested.Count == 0 ? WebSocketExec.V1
                : throw ApiErrors.BadRequest($"none of the WebSocket subprotocols asked for ({string.Join(", ", requested)}) is served: use {WebSocketExec.V5} or {WebSocketExec.V4}");
            var run = prepare();
            using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = protocol == WebSocketExec.V1 ? null : protocol });
            await WebSocketExec.ServeAsync(socket, protocol, request, run, http.RequestAborted);
        }
        else if (SpdyUpgrade.IsRequested(http))
        {
            var run = prepare();
            await using var connection = await SpdyUpgrade.AcceptAsync(http, name, SpdyExec.Protocol, unnamedAllowed: false);
            await SpdyExec.ServeAsync(connection, request, run, http.RequestAborted);
        }
        else
        {
            throw ApiErrors.BadRequest($"Upgrade request required: {what} is served over a WebSocket ({WebSocketExec.V5} or {WebSocketExec.V4}) or {SpdyUpgrade.Name}");
        }
    }
}
