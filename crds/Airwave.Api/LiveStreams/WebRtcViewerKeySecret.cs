using System.Security.Cryptography;
using System.Text;

namespace Airwave.Api.LiveStreams;

/// <summary>
/// The Secret in the operator's namespace whose key signs viewer tokens of private WebRtc streams (base64 of 32
/// bytes). The key is derived from the broadcast key the operator and the signaling service share, so the signaling
/// service, which checks the tokens, works it out itself, and the webhook service, which issues them to apps, reads
/// it here without holding the shared key. The operator writes it when it starts.
/// </summary>
/// <remarks>
/// A token is a JWT signed HS256 with the key, with claims aud (namespace/stream), jti (random, taken once) and exp.
/// </remarks>
public static class WebRtcViewerKeySecret
{
    public const string Name = "airwave-webrtc-viewer-key";

    public const string KeyField = "key";

    /// <summary>The signing key, from the shared broadcast key.</summary>
    public static byte[] Derive(string sharedKey)
    {
        ArgumentNullException.ThrowIfNull(sharedKey);
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(sharedKey), "airwave webrtc viewer tokens"u8);
    }
}
