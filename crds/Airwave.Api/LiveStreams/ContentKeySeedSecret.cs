using System.Security.Cryptography;
using System.Text.Json;
using Airwave.Api.Common;

namespace Airwave.Api.LiveStreams;

/// <summary>
/// The Secret in the operator's namespace whose seed the installation's key provider derives every content key from
/// (256 random bits): a stream's key for one rotation period is never stored, only this seed. The operator makes it
/// when it starts; the webhook service, which serves the keys, only reads it. With a KMS key configured, the Secret
/// holds the seed only encrypted under it (<see cref="KmsEncryptedField"/>), so reading the Secret is not enough to
/// derive keys; else the seed itself (<see cref="KeyField"/>, base64).
/// </summary>
public static class ContentKeySeedSecret
{
    public const string Name = "airwave-content-key-seed";

    public const string KeyField = "seed";

    /// <summary>The seed as KMS encrypted it: <see cref="KmsEncryptedSeed"/> as JSON.</summary>
    public const string KmsEncryptedField = "kmsEncryptedSeed";

    /// <summary>What the seed's encryption is bound to: KMS decrypts it only under this context.</summary>
    public static readonly IReadOnlyDictionary<string, string> EncryptionContext = new Dictionary<string, string> { ["purpose"] = "airwave-content-key-seed" };

    /// <summary>A new seed.</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}

/// <summary>The seed as KMS encrypted it: the key's ARN, and the ciphertext blob (base64).</summary>
public sealed record KmsEncryptedSeed(string KeyArn, string Ciphertext)
{
    public string ToJson() => JsonSerializer.Serialize(this, ApiJsonContext.Default.KmsEncryptedSeed);

    /// <exception cref="FormatException">The value is not one.</exception>
    public static KmsEncryptedSeed Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, ApiJsonContext.Default.KmsEncryptedSeed) is { KeyArn.Length: > 0, Ciphertext.Length: > 0 } seed ? seed : throw new FormatException("it names no key or ciphertext");
        }
        catch (JsonException e)
        {
            throw new FormatException(e.Message, e);
        }
    }
}
