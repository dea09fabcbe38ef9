using System.Security.Cryptography;

namespace Airwave.Sfu.Janus;

/// <summary>
/// What PATCH needs of a WHIP or WHEP session: its entity tag (a new one per ICE restart), the client's ICE
/// credentials and offer (an ICE restart re-offers it with new ones), its bundled section's mid, and the engine's section
/// its candidates go to (the same for a publisher, whose offer the engine answers).
/// </summary>
public sealed record IceSession(string ETag, string Ufrag, string Pwd, string Offer, string ClientMid, string EngineMid, int EngineIndex)
{
    public static string NewETag() => $"\"{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}\"";
}
