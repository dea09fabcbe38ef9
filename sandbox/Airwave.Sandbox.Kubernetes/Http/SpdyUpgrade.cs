using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Resources;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Airwave.Sandbox.Kubernetes.Http;

/// <summary>
/// The HTTP/1.1 upgrade to SPDY/3.1 that streaming subresources answer for clients that do not speak WebSocket: the
/// client lists what it speaks in <c>X-Stream-Protocol-Version</c>, the server answers with the one it takes.
/// </summary>
internal static class SpdyUpgrade
{
    public const string Name = "SPDY/3.1";
    private const string ProtocolHeader = "X-Stream-Protocol-Version";

    public static bool IsRequested(HttpContext http) =>
        http.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true }
        && http.Request.Headers.Upgrade.ToString().Contains(Name, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Upgrades to SPDY speaking <paramref name="protocol"/>, if the client speaks it; a client that names no
    /// protocol gets it too when <paramref name="unnamedAllowed"/> (the oldest clients name none).
    /// </summary>
    public static async Task<Stream> AcceptAsync(HttpContext http, string pod, string protocol, bool unnamedAllowed)
    {
        var offered = http.Request.Headers[ProtocolHeader].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (offered.Count == 0 ? !unnamedAllowed : !offered.Contains(protocol))
        {
            throw ApiErrors.Forbidden(BuiltInResources.Pods, pod, $"unable to upgrade: unable to negotiate protocol: client supports [{string.Join(" ", offered)}], server supports [{protocol}]");
        }

        if (offered.Count > 0)
        {
            http.Response.Headers[ProtocolHeader] = protocol;
        }

        http.Response.Headers.Upgrade = Name;
        return await http.Features.Get<IHttpUpgradeFeature>()!.UpgradeAsync();
    }
}
