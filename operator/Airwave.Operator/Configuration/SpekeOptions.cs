namespace Airwave.Operator.Configuration;

/// <summary>The SPEKE key provider MediaPackage asks for content keys of encrypted streams.</summary>
public sealed record SpekeOptions
{
    public string? Url { get; init; }

    public string? RoleArn { get; init; }

    /// <summary>
    /// Whether the key provider also serves Apple FairPlay keys (a DRM provider's SPEKE endpoint), so that streams may
    /// ask for SAMPLE-AES; Airwave's own key provider serves AES-128 clear keys only.
    /// </summary>
    public bool FairPlay { get; init; }

    /// <summary>Whether a key provider is configured: both its URL and the role MediaPackage assumes to call it.</summary>
    public bool IsConfigured => !string.IsNullOrEmpty(Url) && !string.IsNullOrEmpty(RoleArn);

    /// <summary>Whether a stream's playback is encrypted: as it asks, else whenever a key provider is configured.</summary>
    public bool Encrypts(Api.LiveStreams.EncryptionSpec encryption)
    {
        ArgumentNullException.ThrowIfNull(encryption);
        return encryption.Enabled ?? IsConfigured;
    }

    /// <summary>The DRM system id for HLS AES-128 clear key, used when none is configured.</summary>
    public const string ClearKeyAes128 = "81376844-f976-481e-a84e-cc25d39b0b33";

    /// <summary>
    /// DRM system ids; unset means <see cref="ClearKeyAes128"/>.
    /// </summary>
    public IReadOnlyList<string>? SystemIds { get; init; }

    public IReadOnlyList<string> EffectiveSystemIds => SystemIds is { Count: > 0 } ids ? ids : [ClearKeyAes128];
}
