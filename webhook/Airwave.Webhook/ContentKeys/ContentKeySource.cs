using System.Security.Cryptography;
using System.Text;
using Airwave.Api.LiveStreams;
using Airwave.Aws.Kms;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Secrets;
using Amazon.Runtime;
using k8s;
using Microsoft.Extensions.Logging;

namespace Airwave.Webhook.ContentKeys;

/// <summary>
/// The installation's content keys: each derived from the seed in <see cref="ContentKeySeedSecret"/>, the content id
/// (the MediaPackage endpoint's resource id) and the key id MediaPackage chose for one rotation period, with HKDF.
/// Nothing per key is stored, so every replica of the service answers the same key for the same ids, and a key asked
/// for again (by a player, after a restart) is the key MediaPackage encrypted with. A seed KMS keeps encrypted is
/// decrypted once, when first needed, and held in memory only.
/// </summary>
public sealed partial class ContentKeySource(KubernetesClient client, KmsEnvelope kms, ILogger<ContentKeySource> logger)
{
    /// <summary>AES-128: 16 bytes.</summary>
    public const int KeyBytes = 16;

    private byte[]? _seed;

    /// <summary>The key for these ids; null while the operator has not made the seed yet, or KMS does not decrypt it (logged).</summary>
    public async Task<byte[]?> GetAsync(string contentId, Guid kid, CancellationToken cancellationToken) =>
        await SeedAsync(cancellationToken) is { } seed ? Derive(seed, contentId, kid) : null;

    public static byte[] Derive(byte[] seed, string contentId, Guid kid) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, seed, KeyBytes, info: Encoding.UTF8.GetBytes($"airwave content key\n{contentId}\n{kid:D}"));

    private async Task<byte[]?> SeedAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _seed) is { } known)
        {
            return known;
        }

        var secret = await client.Api.CoreV1.ReadNamespacedSecretAsync(ContentKeySeedSecret.Name, client.Namespace, cancellationToken: cancellationToken).OrNull();
        byte[] seed;
        if (secret?.GetString(ContentKeySeedSecret.KeyField) is { Length: > 0 } clear)
        {
            seed = Convert.FromBase64String(clear);
        }
        else if (secret?.GetString(ContentKeySeedSecret.KmsEncryptedField) is { Length: > 0 } json)
        {
            var encrypted = KmsEncryptedSeed.Parse(json);
            try
            {
                seed = await kms.DecryptAsync(encrypted.KeyArn, Convert.FromBase64String(encrypted.Ciphertext), ContentKeySeedSecret.EncryptionContext, cancellationToken);
            }
            catch (AmazonServiceException e)
            {
                LogUndecrypted(logger, encrypted.KeyArn, e.ErrorCode, e.Message);
                return null;
            }
        }
        else
        {
            return null;
        }

        Volatile.Write(ref _seed, seed);
        return seed;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "KMS did not decrypt the content key seed with key {KeyArn}: {ErrorCode} {Reason}; no content key can be served until it does (the service's role needs kms:Decrypt on the key, with the seed's encryption context)")]
    private static partial void LogUndecrypted(ILogger logger, string keyArn, string errorCode, string reason);
}
