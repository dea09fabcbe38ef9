using System.Net;
using System.Net.Sockets;

namespace Airwave.Sfu.Relay;

/// <summary>
/// The stream's pods from the DNS name of its headless Service (<see cref="Configuration.SfuSettings.PeersHost"/>), which
/// resolves to each ready pod's address; a name that does not resolve (no pod is ready yet) is no pods.
/// </summary>
public sealed class DnsSfuPeers(string host) : ISfuPeers
{
    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await Dns.GetHostAddressesAsync(host, cancellationToken);
        }
        catch (SocketException)
        {
            return [];
        }
    }
}
