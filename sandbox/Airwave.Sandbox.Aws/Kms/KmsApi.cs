using System.Text.Json;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Aws.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Aws.Kms;

/// <summary>
/// AWS KMS over the AWS JSON 1.1 protocol (<see cref="Protocol"/>). Symmetric encryption keys only: CreateKey,
/// DescribeKey, Encrypt, Decrypt, GenerateDataKey and GenerateDataKeyWithoutPlaintext (envelope encryption).
/// </summary>
internal sealed class KmsApi(KmsKeys keys, AwsEmulatorOptions options)
{
    public static readonly JsonTargetProtocol Protocol = new(
        AwsServiceKind.Kms,
        "TrentService.",
        new HashSet<string>(["CreateKey", "DescribeKey", "Encrypt", "Decrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext"], StringComparer.Ordinal));

    private const string Algorithm = "SYMMETRIC_DEFAULT";

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public async Task InvokeAsync(HttpContext context, AwsOperation operation)
    {
        var body = JsonNode.Parse(await SignedRequest.ReadBodyAsync(context.Request, rewind: true, context.RequestAborted)) as JsonObject ?? [];
        object result = operation.Name switch
        {
            "CreateKey" => CreateKey(body),
            "DescribeKey" => new { KeyMetadata = Metadata(keys.Find((string)body["KeyId"]!)) },
            "Encrypt" => Encrypt(body),
            "Decrypt" => Decrypt(body),
            "GenerateDataKey" => GenerateDataKey(body),
            _ => GenerateDataKey(body) with { Plaintext = null },
        };
        context.Response.ContentType = "application/x-amz-json-1.1";
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(result, Json), context.RequestAborted);
    }

    private object CreateKey(JsonObject body)
    {
        if ((string?)body["KeySpec"] is { } spec && spec != Algorithm || (string?)body["KeyUsage"] is { } usage && usage != "ENCRYPT_DECRYPT")
        {
            throw AwsErrorWriter.NotSupported(new AwsOperation(AwsServiceKind.Kms, $"CreateKey of a {body["KeySpec"] ?? Algorithm} key for {body["KeyUsage"] ?? "ENCRYPT_DECRYPT"}"));
        }

        return new { KeyMetadata = Metadata(keys.Create((string?)body["Description"] ?? "")) };
    }

    private object Encrypt(JsonObject body)
    {
        var key = keys.Find((string)body["KeyId"]!);
        var plaintext = Convert.FromBase64String((string)body["Plaintext"]!);
        return new { CiphertextBlob = Convert.ToBase64String(KmsKeys.Encrypt(key, plaintext, Context(body))), KeyId = key.Arn, EncryptionAlgorithm = Algorithm };
    }

    private object Decrypt(JsonObject body)
    {
        var (key, plaintext) = keys.Decrypt(Convert.FromBase64String((string)body["CiphertextBlob"]!), (string?)body["KeyId"], Context(body));
        return new { KeyId = key.Arn, Plaintext = Convert.ToBase64String(plaintext), EncryptionAlgorithm = Algorithm };
    }

    /// <summary>A data key as GenerateDataKey answers; GenerateDataKeyWithoutPlaintext leaves the plaintext out.</summary>
    private sealed record DataKey(string CiphertextBlob, string? Plaintext, string KeyId);

    private DataKey GenerateDataKey(JsonObject body)
    {
        var key = keys.Find((string)body["KeyId"]!);
        var size = ((string?)body["KeySpec"], (int?)body["NumberOfBytes"]) switch
        {
            ("AES_256", null) => 32,
            ("AES_128", null) => 16,
            (null, { } bytes) => bytes,
            _ => throw AwsApiException.Invalid("Please specify either number of bytes or key spec."),
        };
        var plaintext = System.Security.Cryptography.RandomNumberGenerator.GetBytes(size);
        return new DataKey(Convert.ToBase64String(KmsKeys.Encrypt(key, plaintext, Context(body))), Convert.ToBase64String(plaintext), key.Arn);
    }

    private static Dictionary<string, string> Context(JsonObject body) =>
        body["EncryptionContext"]?.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!, StringComparer.Ordinal) ?? [];

    private object Metadata(KmsKey key) => new
    {
        AWSAccountId = options.AccountId,
        key.Arn,
        CreationDate = key.Created.ToUnixTimeMilliseconds() / 1000.0,
        key.Description,
        Enabled = true,
        EncryptionAlgorithms = new[] { Algorithm },
        KeyId = key.Id,
        KeyManager = "CUSTOMER",
        KeySpec = Algorithm,
        CustomerMasterKeySpec = Algorithm,
        KeyState = "Enabled",
        KeyUsage = "ENCRYPT_DECRYPT",
        MultiRegion = false,
        Origin = "AWS_KMS",
    };
}
