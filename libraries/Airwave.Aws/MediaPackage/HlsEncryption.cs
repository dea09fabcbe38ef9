namespace Airwave.Aws.MediaPackage;

/// <summary>HLS encryption (AES_128 or SAMPLE_AES); a new key every <see cref="KeyRotationIntervalSeconds"/>.</summary>
public sealed record HlsEncryption(
    SpekeKeyProvider SpekeKeyProvider,
    string? EncryptionMethod = null,
    int? KeyRotationIntervalSeconds = null,
    bool? RepeatExtXKey = null);
