using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Airwave.Api.LiveStreams;

public sealed record EncryptionSpec
{
    [Description("Encrypt the HLS output (AES-128 with keys from the operator's key provider).")]
    [DefaultValue(true)]
    public bool Enabled { get; init; } = true;

    [Description("Seconds between key rotations; 0 disables rotation.")]
    [Range(0, 31536000)]
    [DefaultValue(60)]
    public int KeyRotationIntervalSeconds { get; init; } = 60;
}
