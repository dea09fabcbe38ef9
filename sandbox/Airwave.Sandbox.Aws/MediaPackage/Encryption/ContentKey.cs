namespace Airwave.Sandbox.Aws.MediaPackage.Encryption;

/// <summary>
/// A content key as the key provider answered it: its id, its 16 bytes, the URL the playlist's key tag names, the
/// IV when the provider set one (else each segment's media sequence number is its IV, as HLS says), and the key
/// format a DRM system gives (FairPlay's com.apple.streamingkeydelivery), when it gives one.
/// </summary>
internal sealed record ContentKey(Guid Kid, byte[] Value, string Uri, byte[]? ExplicitIv, string? KeyFormat = null, string? KeyFormatVersions = null)
{
    /// <summary>The key tag of segments encrypted with this key by the endpoint's encryption method.</summary>
    public string Tag(string? encryptionMethod)
    {
        var tag = $"#EXT-X-KEY:METHOD={(encryptionMethod == SegmentCipher.SampleAesMethod ? "SAMPLE-AES" : "AES-128")},URI=\"{Uri}\"";
        tag += ExplicitIv is { } iv ? $",IV=0x{Convert.ToHexString(iv)}" : "";
        tag += KeyFormat is { } format ? $",KEYFORMAT=\"{format}\",KEYFORMATVERSIONS=\"{KeyFormatVersions ?? "1"}\"" : "";
        return tag;
    }
}
