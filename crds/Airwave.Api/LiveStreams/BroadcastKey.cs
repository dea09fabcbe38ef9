using System.Security.Cryptography;
using System.Text;

namespace Airwave.Api.LiveStreams;

/// <summary>
/// The key with which the signaling service publishes a site's broadcast into a WebRtc stream's SFU pods once it
/// outgrows peer-to-peer. Each stream's is derived from the key the operator and the signaling service share, so
/// that the operator can give a stream's pods theirs and the signaling service can work it out, while neither the
/// pods nor the stream's Secrets hold the shared key, and one stream's key opens no other stream.
/// </summary>
public static class BroadcastKey
{
    /// <summary>The shortest shared key taken: 32 characters (for example 32 random bytes in hex is 64).</summary>
    public const int MinimumSharedKeyLength = 32;

    public static string ForStream(string sharedKey, string streamNamespace, string streamName)
    {
        ArgumentNullException.ThrowIfNull(sharedKey);
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(sharedKey), Encoding.UTF8.GetBytes($"airwave broadcast key\n{streamNamespace}/{streamName}")));
    }
}
