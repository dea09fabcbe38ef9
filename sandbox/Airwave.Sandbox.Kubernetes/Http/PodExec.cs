using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Pods;
using Airwave.Sandbox.Kubernetes.Streaming.Exec;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Kubernetes.Http;

/// <summary>
/// pods/{name}/exec over a WebSocket (<c>v5.channel.k8s.io</c>, else <c>v4.channel.k8s.io</c>: kubectl 1.30+ and the
/// official clients) or SPDY (<c>v4.channel.k8s.io</c>: older clients, and kubectl with
/// <c>KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false</c>). A command runs as the container's processes do.
/// </summary>
internal static class PodExec
{
    public static async Task HandleAsync(HttpContext http, Kubelet kubelet, string ns, string name)
    {
        var request = ExecRequest.From(http.Request.Query);
        if (http.WebSockets.IsWebSocketRequest)
        {
            var requested = http.WebSockets.WebSocketRequestedProtocols;
            var protocol = requested.Contains(WebSocketExec.V5) ? WebSocketExec.V5 : requested.Contains(WebSocketExec.V4) ? WebSocketExec.V4
                : throw ApiErrors.BadRequest($"none of the WebSocket subprotocols asked for ({string.Join(", ", requested)}) is served: use {WebSocketExec.V5} or {WebSocketExec.V4}");
            var start = kubelet.ExecStart(ns, name, request.Container, request.Command);
            using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = protocol });
            await WebSocketExec.ServeAsync(socket, protocol, request, start, http.RequestAborted);
        }
        else if (SpdyUpgrade.IsRequested(http))
        {
            var start = kubelet.ExecStart(ns, name, request.Container, request.Command);
            await using var connection = await SpdyUpgrade.AcceptAsync(http, name, SpdyExec.Protocol, unnamedAllowed: false);
            await SpdyExec.ServeAsync(connection, request, start, http.RequestAborted);
        }
        else
        {
            throw ApiErrors.BadRequest($"Upgrade request required: exec is served over a WebSocket ({WebSocketExec.V5} or {WebSocketExec.V4}) or {SpdyUpgrade.Name}");
        }
    }
}
