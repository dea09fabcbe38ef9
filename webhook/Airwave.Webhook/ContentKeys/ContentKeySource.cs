using System.Security.Cryptography;
using System.Text;
using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.Client;
using Airwave.Webhook.Keys;

namespace Airwave.Webhook.ContentKeys;

/// <summary>
/// The installation's content keys: each derived from the seed in <see cref="ContentKeySeedSecret"/>, the content id
/// (the MediaPackage endpoint's resource id) and the key id MediaPackage chose for one rotation period, with HKDF.
/// Nothing per key is stored, so every replica of the service answers the same key for the same ids, and a key asked
/// for again (by a player, after a restart) is the key MediaPackage encrypted with.
/// </summary>
public sealed class ContentKeySource(KubernetesClient client)
{
    /// <summary>AES-128: 16 bytes.</summary>
    public const int KeyBytes = 16;

    private readonly InstallationKey _seed = new(client, ContentKeySeedSecret.Name, ContentKeySeedSecret.KeyField);

    /// <summary>The key for these ids; null while the operator has not made the seed yet.</summary>
    public async Task<byte[]?> GetAsync(string contentId, Guid kid, CancellationToken cancellationToken) =>
        await _seed.GetAsync(cancellationToken) is { } seed ? Derive(Convert.FromBase64String(seed), contentId, kid) : null;

    public static byte[] Derive(byte[] seed, string contentId, Guid kid) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, seed, KeyBytes, info: Encoding.UTF8.GetBytes($"airwave content key\n{contentId}\n{kid:D}"));
}
