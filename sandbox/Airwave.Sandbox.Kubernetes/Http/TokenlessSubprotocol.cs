using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Airwave.Sandbox.Kubernetes.Http;

/// <summary>
/// Accepts a WebSocket whose subprotocol is not an HTTP token, such as kubectl's <c>SPDY/3.1+portforward.k8s.io</c>:
/// ASP.NET Core refuses such a name (after it has already answered 101), so this handshake (RFC 6455 section 4.2.2)
/// is done here, on HTTP/1.1's upgrade, and the socket made over the upgraded connection.
/// </summary>
internal static class TokenlessSubprotocol
{
    private const string Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    public static async Task<WebSocket> AcceptAsync(HttpContext http, string subProtocol)
    {
        var upgrade = http.Features.Get<IHttpUpgradeFeature>();
        var key = http.Request.Headers.SecWebSocketKey.ToString();
        if (upgrade is not { IsUpgradableRequest: true } || key.Length == 0)
        {
            throw Errors.ApiErrors.BadRequest($"the {subProtocol} WebSocket needs an HTTP/1.1 upgrade with a Sec-WebSocket-Key");
        }

        http.Response.Headers.Upgrade = "websocket";
#pragma warning disable CA5350 // RFC 6455 fixes SHA-1 for the accept key; it proves nothing secret.
        http.Response.Headers.SecWebSocketAccept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + Guid)));
#pragma warning restore CA5350
        http.Response.Headers.SecWebSocketProtocol = subProtocol;
        var connection = await upgrade.UpgradeAsync();
        return WebSocket.CreateFromStream(connection, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.FromSeconds(30) });
    }
}
