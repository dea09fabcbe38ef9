using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Airwave.Api.LiveStreams;

public sealed record EncryptionSpec
{
    [Description("Encrypt the HLS output (AES-128 with keys from the operator's SPEKE key provider). Unset: encrypted when the operator has a key provider configured, else not, as the Encrypted condition says. true without a key provider fails the stream before anything is created.")]
    public bool? Enabled { get; init; }

    [Description("Seconds between key rotations; 0 disables rotation.")]
    [Range(0, 31536000)]
    [DefaultValue(60)]
    public int KeyRotationIntervalSeconds { get; init; } = 60;
}
