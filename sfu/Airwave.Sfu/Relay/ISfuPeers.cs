using System.Net;

namespace Airwave.Sfu.Relay;

/// <summary>The addresses of the stream's ready SFU pods, this one among them.</summary>
public interface ISfuPeers
{
    Task<IReadOnlyList<IPAddress>> ResolveAsync(CancellationToken cancellationToken);
}
