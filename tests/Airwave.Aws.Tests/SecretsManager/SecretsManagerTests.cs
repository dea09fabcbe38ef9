using System.Text.RegularExpressions;
using Airwave.Aws.Credentials;
using Airwave.Aws.Errors;
using Airwave.Aws.Http;
using Airwave.Aws.SecretsManager;
using Airwave.Aws.Tests.S3;
using Airwave.Aws.Tests.Support;
using Airwave.Sandbox.Aws;

namespace Airwave.Aws.Tests.SecretsManager;

/// <summary>
/// The emulated Secrets Manager as clients see it: the AWS CLI's scenario (make, read, describe, give a new value, read
/// the previous one, refusals) observes the same of it as of moto's server, and Airwave's client reads what both hold.
/// </summary>
public sealed partial class SecretsManagerTests : IAsyncLifetime
{
    private EmulatorHarness _aws = null!;
    private MotoServer _moto = null!;

    public async Task InitializeAsync()
    {
        _aws = await EmulatorHarness.StartAsync();
        _moto = await MotoServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _moto.DisposeAsync();
        await _aws.DisposeAsync();
    }

    [Fact]
    public async Task The_emulator_and_moto_answer_the_aws_clis_scenario_the_same_way()
    {
        var emulator = await ObserveAsync(_aws.Emulator.BaseAddress);
        var moto = await ObserveAsync(_moto.BaseAddress);

        Assert.Equal(moto, emulator);
        Assert.Contains("read: {\"MediaPackageCDNIdentifier\":\"one\"} AWSCURRENT", emulator);
        Assert.Contains("missing: ResourceNotFoundException", emulator);
    }

    [Fact]
    public async Task Airwaves_client_reads_the_current_value_by_name_or_arn_and_names_a_missing_secret_not_found()
    {
        var options = AwsClientOptions.ForEmulator(_aws.Emulator.BaseAddress) with { Retry = new AwsRetryOptions { MaxRetries = 0 } };
        using var http = new HttpClient();
        var client = new SecretsManagerClient(http, options, new StaticCredentialsProvider(AwsEmulatorOptions.TestCredentials));
        var name = _aws.Emulator.Options.CdnIdentifierSecretName;

        var byName = await client.GetSecretStringAsync(name, CancellationToken.None);
        var byArn = await client.GetSecretStringAsync(_aws.Emulator.CdnIdentifierSecretArn, CancellationToken.None);
        var missing = await Assert.ThrowsAnyAsync<AwsServiceException>(() => client.GetSecretStringAsync("no-such-secret", CancellationToken.None));

        Assert.Equal($"{{\"MediaPackageCDNIdentifier\":\"{_aws.Emulator.Options.CdnIdentifier}\"}}", byName);
        Assert.Equal(byName, byArn);
        Assert.Matches($"^arn:aws:secretsmanager:us-east-1:123456789012:secret:{name}-[A-Za-z0-9]{{6}}$", _aws.Emulator.CdnIdentifierSecretArn);
        Assert.Equal("ResourceNotFoundException", missing.ErrorCode);
    }

    private static async Task<IReadOnlyList<string>> ObserveAsync(Uri endpoint)
    {
        using var cli = new AwsCli(endpoint, AwsEmulatorOptions.TestCredentials.AccessKeyId, AwsEmulatorOptions.TestCredentials.SecretAccessKey);
        var seen = new List<string>();
        var created = await cli.RunAsync("secretsmanager", "create-secret", "--name", "cdn-identifier", "--secret-string", "{\"MediaPackageCDNIdentifier\":\"one\"}");
        var arn = (string)created.Json["ARN"]!;
        seen.Add($"created: {ArnShape().IsMatch(arn)} {created.Json["Name"]} {created.Json["VersionId"] is not null}");
        var read = await cli.RunAsync("secretsmanager", "get-secret-value", "--secret-id", "cdn-identifier");
        seen.Add($"read: {read.Json["SecretString"]} {string.Join(',', read.Json["VersionStages"]!.AsArray().Select(s => (string?)s))}");
        var byArn = await cli.RunAsync("secretsmanager", "get-secret-value", "--secret-id", arn);
        seen.Add($"read by ARN: {byArn.Json["SecretString"]}");
        var put = await cli.RunAsync("secretsmanager", "put-secret-value", "--secret-id", "cdn-identifier", "--secret-string", "{\"MediaPackageCDNIdentifier\":\"two\"}");
        seen.Add($"put: {put.Json["ARN"]!.GetValue<string>() == arn} {string.Join(',', put.Json["VersionStages"]!.AsArray().Select(s => (string?)s))}");
        var current = await cli.RunAsync("secretsmanager", "get-secret-value", "--secret-id", "cdn-identifier");
        var previous = await cli.RunAsync("secretsmanager", "get-secret-value", "--secret-id", "cdn-identifier", "--version-stage", "AWSPREVIOUS");
        seen.Add($"after put: {current.Json["SecretString"]}, previous {previous.Json["SecretString"]}");
        var described = await cli.RunAsync("secretsmanager", "describe-secret", "--secret-id", "cdn-identifier");
        seen.Add($"described: {described.Json["Name"]} {string.Join(' ', described.Json["VersionIdsToStages"]!.AsObject().Select(v => string.Join(',', v.Value!.AsArray().Select(s => (string?)s))).Order(StringComparer.Ordinal))}");
        var duplicate = await cli.RunAsync("secretsmanager", "create-secret", "--name", "cdn-identifier", "--secret-string", "x");
        seen.Add($"duplicate: {ErrorCode(duplicate.Error)}");
        var missing = await cli.RunAsync("secretsmanager", "get-secret-value", "--secret-id", "no-such-secret");
        seen.Add($"missing: {ErrorCode(missing.Error)}");
        return seen;
    }

    private static string ErrorCode(string error) => ErrorCodePattern().Match(error) is { Success: true } match ? match.Groups["code"].Value : error;

    [GeneratedRegex(@"^arn:aws:secretsmanager:us-east-1:123456789012:secret:cdn-identifier-[A-Za-z0-9]{6}$")]
    private static partial Regex ArnShape();

    [GeneratedRegex(@"\((?<code>[A-Za-z]+)\)")]
    private static partial Regex ErrorCodePattern();
}
