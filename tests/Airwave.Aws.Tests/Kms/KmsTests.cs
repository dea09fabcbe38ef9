using Airwave.Aws.Credentials;
using Airwave.Aws.Http;
using Airwave.Aws.Kms;
using Airwave.Aws.Tests.S3;
using Airwave.Aws.Tests.Support;
using Airwave.Sandbox.Aws;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace Airwave.Aws.Tests.Kms;

/// <summary>
/// The emulated KMS as clients see it: envelope encryption through the SDK answers as moto's server does (the same
/// scenario, the same observations; moto leaves a new key's KeyUsage empty, which KMS and the emulator set), and the
/// AWS CLI's own calls work against it.
/// </summary>
public sealed class KmsTests : IAsyncLifetime, IDisposable
{
    private static readonly Dictionary<string, string> Context = new() { ["purpose"] = "airwave-content-key-seed" };

    private EmulatorHarness _aws = null!;
    private MotoServer _moto = null!;
    private AwsCli _cli = null!;

    public async Task InitializeAsync()
    {
        _aws = await EmulatorHarness.StartAsync();
        _moto = await MotoServer.StartAsync();
        _cli = new AwsCli(_aws.Emulator.BaseAddress, AwsEmulatorOptions.TestCredentials.AccessKeyId, AwsEmulatorOptions.TestCredentials.SecretAccessKey);
    }

    public async Task DisposeAsync()
    {
        await _moto.DisposeAsync();
        await _aws.DisposeAsync();
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task The_emulator_and_moto_answer_the_same_envelope_scenario_the_same_way()
    {
        var emulator = await ObserveAsync(_aws.Emulator.BaseAddress);
        var moto = await ObserveAsync(_moto.BaseAddress);

        // Where moto answers AccessDeniedException, the model's documentation gives KMS's answer: IncorrectKeyException
        // when the request names another key than the ciphertext's, InvalidCiphertextException for a corrupted one.
        static bool MotoDiffers(string step) => step.StartsWith("decrypt naming another key:", StringComparison.Ordinal) || step.StartsWith("decrypt garbage:", StringComparison.Ordinal);
        Assert.Equal(moto.Where(s => !MotoDiffers(s)), emulator.Where(s => !MotoDiffers(s)));
        Assert.Equal(["decrypt naming another key: AccessDeniedException 400", "decrypt garbage: AccessDeniedException 400"], moto.Where(MotoDiffers));
        Assert.Equal(["decrypt naming another key: IncorrectKeyException 400", "decrypt garbage: InvalidCiphertextException 400"], emulator.Where(MotoDiffers));
        Assert.Contains("decrypt under another context: InvalidCiphertextException 400", emulator);
    }

    [Fact]
    public async Task The_aws_cli_makes_a_data_key_under_the_sandbox_key_and_decrypts_it_only_with_its_context()
    {
        var keyId = _aws.Emulator.Options.ContentKeySeedKmsKeyId;
        var described = await _cli.RunAsync("kms", "describe-key", "--key-id", keyId);
        var made = await _cli.RunAsync("kms", "generate-data-key", "--key-id", keyId, "--key-spec", "AES_256", "--encryption-context", "purpose=airwave-content-key-seed");
        Assert.True(made.ExitCode == 0, made.ToString());
        var blob = _cli.PathOf("seed.bin");
        await File.WriteAllBytesAsync(blob, Convert.FromBase64String((string)made.Json["CiphertextBlob"]!));
        var decrypted = await _cli.RunAsync("kms", "decrypt", "--ciphertext-blob", $"fileb://{blob}", "--encryption-context", "purpose=airwave-content-key-seed");
        var otherContext = await _cli.RunAsync("kms", "decrypt", "--ciphertext-blob", $"fileb://{blob}", "--encryption-context", "purpose=something-else");
        var unknown = await _cli.RunAsync("kms", "describe-key", "--key-id", "00000000-0000-0000-0000-000000000000");

        Assert.True(described.ExitCode == 0, described.ToString());
        Assert.Equal($"arn:aws:kms:us-east-1:123456789012:key/{keyId}", (string?)described.Json["KeyMetadata"]!["Arn"]);
        Assert.Equal("Enabled", (string?)described.Json["KeyMetadata"]!["KeyState"]);
        Assert.True(decrypted.ExitCode == 0, decrypted.ToString());
        Assert.Equal((string?)made.Json["Plaintext"], (string?)decrypted.Json["Plaintext"]);
        Assert.Equal(32, Convert.FromBase64String((string)made.Json["Plaintext"]!).Length);
        Assert.NotEqual(0, otherContext.ExitCode);
        Assert.Contains("InvalidCiphertextException", otherContext.Error, StringComparison.Ordinal);
        Assert.Contains("NotFoundException", unknown.Error, StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<string>> ObserveAsync(Uri endpoint)
    {
        var options = AwsClientOptions.ForEmulator(endpoint) with { Retry = new AwsRetryOptions { MaxRetries = 0 } };
        var credentials = new StaticCredentialsProvider(AwsEmulatorOptions.TestCredentials);
        using var kms = new AmazonKeyManagementServiceClient(
            new Amazon.Runtime.BasicAWSCredentials(AwsEmulatorOptions.TestCredentials.AccessKeyId, AwsEmulatorOptions.TestCredentials.SecretAccessKey),
            new AmazonKeyManagementServiceConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        using var envelope = new KmsEnvelope(options, credentials);
        var seen = new List<string>();

        async Task Step(string name, Func<Task<string>> call)
        {
            try
            {
                seen.Add($"{name}: {await call()}");
            }
            catch (AmazonKeyManagementServiceException error)
            {
                seen.Add($"{name}: {error.ErrorCode} {(int)error.StatusCode}");
            }
        }

        var key = (await kms.CreateKeyAsync(new CreateKeyRequest { Description = "seed" })).KeyMetadata;
        var other = (await kms.CreateKeyAsync(new CreateKeyRequest { Description = "other" })).KeyMetadata;
        seen.Add($"created: {key.KeyState} {key.KeySpec} {key.Arn.StartsWith("arn:aws:kms:us-east-1:", StringComparison.Ordinal)}");
        var (ciphertext, keyArn) = await envelope.GenerateDataKeyAsync(key.KeyId, Context, CancellationToken.None);
        var plaintext = await envelope.DecryptAsync(key.KeyId, ciphertext, Context, CancellationToken.None);
        seen.Add($"data key: {plaintext.Length} bytes, named by its key's ARN: {keyArn == key.Arn}, ciphertext differs: {!ciphertext.AsSpan().SequenceEqual(plaintext)}");
        await Step("decrypt by ARN", async () => (await envelope.DecryptAsync(key.Arn, ciphertext, Context, CancellationToken.None)).SequenceEqual(plaintext) ? "the data key" : "something else");
        await Step("decrypt under another context", async () => (await envelope.DecryptAsync(key.KeyId, ciphertext, new Dictionary<string, string> { ["purpose"] = "other" }, CancellationToken.None)).Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Step("decrypt naming another key", async () => (await envelope.DecryptAsync(other.KeyId, ciphertext, Context, CancellationToken.None)).Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Step("decrypt garbage", async () => (await envelope.DecryptAsync(key.KeyId, new byte[64], Context, CancellationToken.None)).Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Step("data key of a missing key", async () => (await envelope.GenerateDataKeyAsync("00000000-0000-0000-0000-000000000000", Context, CancellationToken.None)).KeyArn);
        await Step("data key of no size", async () => (await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId })).KeyId);
        await Step("describe", async () => (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.KeyId })).KeyMetadata.Description);
        await Step("describe missing", async () => (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "00000000-0000-0000-0000-000000000000" })).KeyMetadata.Description);
        return seen;
    }
}
