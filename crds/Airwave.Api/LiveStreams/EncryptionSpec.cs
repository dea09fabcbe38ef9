using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Airwave.Api.LiveStreams;

public sealed record EncryptionSpec
{
    [Description("Encrypt the HLS output (AES-128 with keys from the operator's SPEKE key provider). Unset: encrypted when the operator has a key provider configured, else not, as the Encrypted condition says. true without a key provider fails the stream before anything is created.")]
    public bool? Enabled { get; init; }

    [Description("How segments are encrypted. Aes128: whole segments with AES-128, keys that players (hls.js, Safari, ExoPlayer, VLC) fetch from the key URL in the playlist. SampleAes: Apple FairPlay, the audio and video samples encrypted and the key named by an skd:// URI that FairPlay players (Safari, iOS, tvOS) take to the license server of your DRM provider; it needs a key provider that serves FairPlay (the operator's speke.fairPlay setting), which Airwave's built-in key provider does not.")]
    [DefaultValue(EncryptionMethod.Aes128)]
    public EncryptionMethod Method { get; init; } = EncryptionMethod.Aes128;

    [Description("Seconds between key rotations; 0 disables rotation.")]
    [Range(0, 31536000)]
    [DefaultValue(60)]
    public int KeyRotationIntervalSeconds { get; init; } = 60;
}
