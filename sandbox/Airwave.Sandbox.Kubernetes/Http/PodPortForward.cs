using System.Globalization;
using System.Net.WebSockets;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Pods;
using Airwave.Sandbox.Kubernetes.Streaming.PortForward;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Kubernetes.Http;

/// <summary>
/// pods/{name}/portforward in the three ways clients ask for it: SPDY tunnelled through a WebSocket (subprotocol
/// <c>SPDY/3.1+portforward.k8s.io</c>, kubectl 1.31+), SPDY by an HTTP upgrade (older kubectl, and newer ones when
/// the tunnel is refused), and WebSocket channels (<c>v4.channel.k8s.io</c>, the official C# and Python clients).
/// </summary>
internal static class PodPortForward
{
    private const string TunnelledSpdy = SpdyUpgrade.Name + "+" + SpdyPortForward.Protocol;

    public static async Task HandleAsync(HttpContext http, Kubelet kubelet, string ns, string name)
    {
        var target = kubelet.PortForwardTarget(ns, name);
        var aborted = http.RequestAborted;
        if (http.WebSockets.IsWebSocketRequest)
        {
            var requested = http.WebSockets.WebSocketRequestedProtocols;
            if (requested.Contains(TunnelledSpdy))
            {
                using var socket = await TokenlessSubprotocol.AcceptAsync(http, TunnelledSpdy);
                await using var tunnel = WebSocketStream.Create(socket, WebSocketMessageType.Binary);
                await SpdyPortForward.ServeAsync(tunnel, target, aborted);
                await CloseAsync(socket);
                return;
            }

            if (requested.Contains(WebSocketPortForward.Protocol))
            {
                var ports = Ports(http.Request.Query["ports"]);
                using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = WebSocketPortForward.Protocol });
                await WebSocketPortForward.ServeAsync(socket, target, ports, aborted);
                return;
            }

            throw ApiErrors.BadRequest($"none of the WebSocket subprotocols asked for ({string.Join(", ", requested)}) is served: use {TunnelledSpdy} or {WebSocketPortForward.Protocol}");
        }

        if (!SpdyUpgrade.IsRequested(http))
        {
            throw ApiErrors.BadRequest($"Upgrade request required: port forwarding is served over {SpdyUpgrade.Name} or a WebSocket");
        }

        await using var connection = await SpdyUpgrade.AcceptAsync(http, name, SpdyPortForward.Protocol, unnamedAllowed: true);
        await SpdyPortForward.ServeAsync(connection, target, aborted);
    }

    /// <summary>The ports of a WebSocket request: <c>ports=8080,9090</c> or the parameter repeated.</summary>
    private static List<int> Ports(Microsoft.Extensions.Primitives.StringValues values)
    {
        var ports = new List<int>();
        foreach (var part in values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            ports.Add(int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
                ? port
                : throw ApiErrors.BadRequest($"invalid port \"{part}\": ports are numbers from 1 to 65535"));
        }

        return ports.Count is > 0 and <= 64 ? ports : throw ApiErrors.BadRequest("at least 1 and at most 64 ports must be given in the ports parameter");
    }

    private static async Task CloseAsync(WebSocket socket)
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, string.Empty, CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
            // Already gone.
        }
    }
}
