using System.Net;
using System.Net.Sockets;
using Airwave.Api.LiveStreams;
using Airwave.Signaling.Configuration;

namespace Airwave.Signaling.SfuRouting;

/// <summary>
/// A stream's pods by DNS: its headless Service's name resolves to the address of each ready pod, so the service
/// needs no access to the Kubernetes API.
/// </summary>
public sealed class DnsSfuPodAddresses(SfuRouteSettings settings) : ISfuPodAddresses
{
    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string ns, string stream, CancellationToken cancellationToken)
    {
        var host = settings.PodsHost.Replace("{service}", SfuName.For(stream), StringComparison.Ordinal).Replace("{namespace}", ns, StringComparison.Ordinal);
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
            return [.. addresses.Distinct().OrderBy(a => Convert.ToHexString(a.GetAddressBytes()), StringComparer.Ordinal)];
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.HostNotFound or SocketError.NoData)
        {
            // No such Service (not a WebRtc stream, or not this namespace), or no pod of it ready.
            return [];
        }
    }
}
