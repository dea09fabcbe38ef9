using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Airwave.Hosting.WebRtc;
using Airwave.Sfu.Configuration;

namespace Airwave.Sfu.Turn;

/// <summary>
/// The pod's TURN server as the Link header of each new WHIP or WHEP session (RFC 9725 section 4.6), with a credential
/// minted for that session from the pod's TURN secret, so that a client that reaches the pod itself can send its media
/// through the pod's one TURN port. The URL names <see cref="SfuSettings.PublicAddress"/> when set, else the pod's own
/// address. Nothing without a TURN secret: the engine's ports are then reached directly.
/// </summary>
public sealed class TurnLinks(SfuSettings settings, string? secret, TimeProvider clock)
{
    /// <summary>How long a session's credential lets its client allocate and refresh relays: a long broadcast's.</summary>
    public static readonly TimeSpan CredentialLifetime = TimeSpan.FromHours(12);

    /// <summary>The Link header for a new session, or null without a TURN server.</summary>
    public string? For(string session)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return null;
        }

        var host = settings.PublicAddress is { Length: > 0 } address ? address : settings.PodAddress;
        if (IPAddress.TryParse(host, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            host = $"[{host}]";
        }

        var (username, credential) = TurnCredential.Mint(session, clock.GetUtcNow() + CredentialLifetime, secret);
        return IceServerLink.Format($"turn:{host}:{settings.TurnPort.ToString(CultureInfo.InvariantCulture)}?transport=udp", username, credential);
    }
}
