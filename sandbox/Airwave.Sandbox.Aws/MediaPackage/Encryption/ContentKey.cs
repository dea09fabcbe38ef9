namespace Airwave.Sandbox.Aws.MediaPackage.Encryption;

/// <summary>
/// A content key as the key provider answered it: its id, its 16 bytes, the URL the playlist's key tag names, and the
/// IV when the provider set one (else each segment's media sequence number is its IV, as HLS says).
/// </summary>
internal sealed record ContentKey(Guid Kid, byte[] Value, string Uri, byte[]? ExplicitIv)
{
    /// <summary>The key tag of segments encrypted with this key.</summary>
    public string Tag => ExplicitIv is { } iv
        ? $"#EXT-X-KEY:METHOD=AES-128,URI=\"{Uri}\",IV=0x{Convert.ToHexString(iv)}"
        : $"#EXT-X-KEY:METHOD=AES-128,URI=\"{Uri}\"";
}
