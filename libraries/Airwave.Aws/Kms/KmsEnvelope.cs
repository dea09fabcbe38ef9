using Airwave.Aws.Credentials;
using Airwave.Aws.Http;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace Airwave.Aws.Kms;

/// <summary>
/// Envelope encryption with AWS KMS through the SDK: a data key made under a KMS key (its ciphertext to keep), and its
/// plaintext from the ciphertext when it is used, both bound to an encryption context.
/// </summary>
public sealed class KmsEnvelope(AwsClientOptions options, ICredentialsProvider credentials, HttpMessageHandler? handler = null) : IDisposable
{
    private readonly AmazonKeyManagementServiceClient _client = new(
        new SdkCredentials(credentials),
        SdkClientConfig.Apply(new AmazonKeyManagementServiceConfig(), options ?? throw new ArgumentNullException(nameof(options)), options.KmsEndpoint, handler));

    /// <summary>
    /// A new 256-bit data key under <paramref name="keyId"/>, as its ciphertext only (which only KMS turns back): the
    /// caller never holds the key itself. Also the key's ARN, which names it for decrypting.
    /// </summary>
    public async Task<(byte[] Ciphertext, string KeyArn)> GenerateDataKeyAsync(string keyId, IReadOnlyDictionary<string, string> context, CancellationToken cancellationToken)
    {
        var answer = await _client.GenerateDataKeyWithoutPlaintextAsync(new GenerateDataKeyWithoutPlaintextRequest { KeyId = keyId, KeySpec = DataKeySpec.AES_256, EncryptionContext = new(context) }, cancellationToken);
        return (answer.CiphertextBlob.ToArray(), answer.KeyId);
    }

    /// <summary>The plaintext of a data key's ciphertext, which must have been made under <paramref name="keyId"/> with this context.</summary>
    public async Task<byte[]> DecryptAsync(string keyId, byte[] ciphertext, IReadOnlyDictionary<string, string> context, CancellationToken cancellationToken)
    {
        using var blob = new MemoryStream(ciphertext);
        var answer = await _client.DecryptAsync(new DecryptRequest { KeyId = keyId, CiphertextBlob = blob, EncryptionContext = new(context) }, cancellationToken);
        return answer.Plaintext.ToArray();
    }

    public void Dispose() => _client.Dispose();
}
