using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Airwave.Sandbox.Aws.Pipeline;

namespace Airwave.Sandbox.Aws.Kms;

/// <summary>A symmetric KMS key: its id, ARN, 256-bit material (which never leaves the emulator) and description.</summary>
internal sealed record KmsKey(string Id, string Arn, byte[] Material, string Description, DateTimeOffset Created);

/// <summary>
/// The account's symmetric encryption keys, in memory for the emulator's lifetime. Ciphertexts are the emulator's own
/// opaque blobs, as KMS's are: the key's id, then AES-256-GCM of the plaintext under the key's material, the
/// encryption context bound in as associated data, so that decrypting asks for the same context, as KMS does.
/// </summary>
internal sealed class KmsKeys(AwsEmulatorOptions options)
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const int IdBytes = 36;
    private static readonly byte[] Magic = "AWK1"u8.ToArray();

    private readonly ConcurrentDictionary<string, KmsKey> _keys = new(StringComparer.Ordinal);

    public KmsKey Create(string description, string? id = null)
    {
        id ??= Guid.NewGuid().ToString("D");
        var key = new KmsKey(id, $"arn:aws:kms:{options.Region}:{options.AccountId}:key/{id}", RandomNumberGenerator.GetBytes(32), description, options.Time.GetUtcNow());
        return _keys.TryAdd(id, key) ? key : throw new InvalidOperationException($"a key {id} exists");
    }

    /// <summary>The key a request names by id or ARN (aliases are not kept here).</summary>
    public KmsKey Find(string keyId)
    {
        var id = keyId.StartsWith("arn:", StringComparison.Ordinal) ? keyId[(keyId.LastIndexOf('/') + 1)..] : keyId;
        if (keyId.StartsWith("alias/", StringComparison.Ordinal) || keyId.Contains(":alias/", StringComparison.Ordinal))
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "NotFoundException", $"Alias {keyId} is not found.");
        }

        return _keys.GetValueOrDefault(id) is { } key && (!keyId.StartsWith("arn:", StringComparison.Ordinal) || key.Arn == keyId)
            ? key
            : throw new AwsApiException(HttpStatusCode.BadRequest, "NotFoundException", $"Key '{keyId}' does not exist");
    }

    public static byte[] Encrypt(KmsKey key, byte[] plaintext, IReadOnlyDictionary<string, string> context)
    {
        var blob = new byte[Magic.Length + IdBytes + NonceBytes + TagBytes + plaintext.Length];
        Magic.CopyTo(blob, 0);
        Encoding.ASCII.GetBytes(key.Id).CopyTo(blob, Magic.Length);
        var nonce = blob.AsSpan(Magic.Length + IdBytes, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key.Material, TagBytes);
        aes.Encrypt(nonce, plaintext, blob.AsSpan(Magic.Length + IdBytes + NonceBytes + TagBytes), blob.AsSpan(Magic.Length + IdBytes + NonceBytes, TagBytes), Canonical(context));
        return blob;
    }

    /// <summary>The plaintext and the key that encrypted it; the request's key, when it names one, must be that key.</summary>
    public (KmsKey Key, byte[] Plaintext) Decrypt(byte[] blob, string? keyId, IReadOnlyDictionary<string, string> context)
    {
        if (blob.Length < Magic.Length + IdBytes + NonceBytes + TagBytes || !blob.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw InvalidCiphertext();
        }

        var key = _keys.GetValueOrDefault(Encoding.ASCII.GetString(blob, Magic.Length, IdBytes)) ?? throw InvalidCiphertext();
        if (keyId is not null && Find(keyId) != key)
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "IncorrectKeyException", "The key ID in the request does not identify a CMK that can perform this operation.");
        }

        var plaintext = new byte[blob.Length - Magic.Length - IdBytes - NonceBytes - TagBytes];
        try
        {
            using var aes = new AesGcm(key.Material, TagBytes);
            aes.Decrypt(blob.AsSpan(Magic.Length + IdBytes, NonceBytes), blob.AsSpan(Magic.Length + IdBytes + NonceBytes + TagBytes), blob.AsSpan(Magic.Length + IdBytes + NonceBytes, TagBytes), plaintext, Canonical(context));
        }
        catch (AuthenticationTagMismatchException)
        {
            // A different encryption context, or a changed blob: KMS says no more than this either.
            throw InvalidCiphertext();
        }

        return (key, plaintext);
    }

    private static AwsApiException InvalidCiphertext() => new(HttpStatusCode.BadRequest, "InvalidCiphertextException", "");

    private static byte[] Canonical(IReadOnlyDictionary<string, string> context) =>
        Encoding.UTF8.GetBytes(string.Join('\n', context.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key.Length}:{p.Key}={p.Value}")));
}
