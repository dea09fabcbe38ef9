namespace Airwave.Operator.Configuration;

/// <summary>How the installation's content key seed is kept at rest (<see cref="Api.LiveStreams.ContentKeySeedSecret"/>).</summary>
public sealed record ContentKeyOptions
{
    /// <summary>
    /// The KMS key (id, ARN or alias) the seed is encrypted under, so that its Secret holds only the ciphertext; unset:
    /// the Secret holds the seed. Takes effect when the operator makes the seed, on its first start.
    /// </summary>
    public string? KmsKeyId { get; init; }
}
