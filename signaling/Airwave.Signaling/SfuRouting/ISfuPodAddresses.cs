using System.Net;

namespace Airwave.Signaling.SfuRouting;

/// <summary>Where a WebRtc stream's ready SFU pods are.</summary>
public interface ISfuPodAddresses
{
    /// <summary>The pods' addresses, ordered the same way each time (empty when the stream has none ready).</summary>
    Task<IReadOnlyList<IPAddress>> ResolveAsync(string ns, string stream, CancellationToken cancellationToken);
}
