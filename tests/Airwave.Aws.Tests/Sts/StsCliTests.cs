using System.Text.Json.Nodes;
using Airwave.Aws.Tests.Support;
using Airwave.Sandbox.Aws;

namespace Airwave.Aws.Tests.Sts;

/// <summary>
/// The emulator's STS and S3 with session credentials, driven with the AWS CLI as a mobile app's backend would:
/// AssumeRole with an inline session policy for one prefix, then S3 with the credentials it gave.
/// </summary>
public sealed class StsCliTests : IAsyncLifetime, IDisposable
{
    private const string Role = "arn:aws:iam::123456789012:role/airwave-mobile-upload";
    private const string Policy = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:PutObject","s3:AbortMultipartUpload","s3:ListMultipartUploadParts"],"Resource":"arn:aws:s3:::uploads/streams/one/*"}]}
        """;

    private readonly ManualTimeProvider _time = new();
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("airwave-sts-test-");
    private EmulatorHarness _aws = null!;
    private AwsCli _account = null!;

    public async Task InitializeAsync()
    {
        _aws = await EmulatorHarness.StartAsync(time: _time);
        _account = new AwsCli(_aws.Emulator.BaseAddress, AwsEmulatorOptions.TestCredentials.AccessKeyId, AwsEmulatorOptions.TestCredentials.SecretAccessKey);
        _aws.Emulator.CreateBucket("uploads");
    }

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    public void Dispose()
    {
        _account.Dispose();
        _work.Delete(recursive: true);
    }

    [Fact]
    public async Task Assumed_credentials_write_under_their_prefix_only_and_are_refused_once_expired()
    {
        var caller = (await _account.RunAsync("sts", "get-caller-identity")).Json;
        var assumedAt = _time.GetUtcNow();
        var assumed = await _account.RunAsync("sts", "assume-role", "--role-arn", Role, "--role-session-name", "stream-one", "--policy", Policy, "--duration-seconds", "900");
        Assert.True(assumed.ExitCode == 0, assumed.ToString());
        var credentials = assumed.Json["Credentials"]!;
        using var session = new AwsCli(_aws.Emulator.BaseAddress, Text(credentials["AccessKeyId"]), Text(credentials["SecretAccessKey"]), Text(credentials["SessionToken"]));
        var segment = Path.Combine(_work.FullName, "segment0.ts");
        await File.WriteAllBytesAsync(segment, new byte[188 * 100]);
        var large = Path.Combine(_work.FullName, "large.ts");
        await File.WriteAllBytesAsync(large, new byte[12 * 1024 * 1024]);

        var inside = await session.RunAsync("s3", "cp", segment, "s3://uploads/streams/one/segment0.ts");
        var multipart = await session.RunAsync("s3", "cp", large, "s3://uploads/streams/one/large.ts");
        var outside = await session.RunAsync("s3", "cp", segment, "s3://uploads/streams/two/segment0.ts");
        var list = await session.RunAsync("s3api", "list-objects-v2", "--bucket", "uploads");
        var read = await session.RunAsync("s3api", "get-object", "--bucket", "uploads", "--key", "streams/one/segment0.ts", Path.Combine(_work.FullName, "back.ts"));
        var forgedToken = await new AwsCli(_aws.Emulator.BaseAddress, Text(credentials["AccessKeyId"]), Text(credentials["SecretAccessKey"]), "not-the-token").RunAsync("s3", "cp", segment, "s3://uploads/streams/one/forged.ts");
        _time.Advance(TimeSpan.FromSeconds(901));
        var expired = await session.RunAsync("s3", "cp", segment, "s3://uploads/streams/one/segment1.ts");
        var keys = _aws.Emulator.Inventory.Keys("uploads");

        Assert.Equal("123456789012", Text(caller["Account"]));
        Assert.Matches("^ASIA[A-Z2-7]{16}$", Text(credentials["AccessKeyId"]));
        var lasts = DateTimeOffset.Parse(Text(credentials["Expiration"]), System.Globalization.CultureInfo.InvariantCulture) - assumedAt;
        Assert.InRange(lasts, TimeSpan.FromSeconds(899), TimeSpan.FromSeconds(900));
        Assert.Equal("arn:aws:sts::123456789012:assumed-role/airwave-mobile-upload/stream-one", Text(assumed.Json["AssumedRoleUser"]!["Arn"]));
        Assert.True(inside.ExitCode == 0, inside.ToString());
        Assert.True(multipart.ExitCode == 0, multipart.ToString());
        Assert.Contains("AccessDenied", outside.Error, StringComparison.Ordinal);
        Assert.Contains("AccessDenied", list.Error, StringComparison.Ordinal);
        Assert.Contains("AccessDenied", read.Error, StringComparison.Ordinal);
        Assert.Contains("InvalidToken", forgedToken.Error, StringComparison.Ordinal);
        Assert.Contains("ExpiredToken", expired.Error, StringComparison.Ordinal);
        Assert.Equal(["streams/one/large.ts", "streams/one/segment0.ts"], keys);
    }

    [Fact]
    public async Task What_sts_refuses_is_refused_with_its_codes()
    {
        // The CLI checks lengths and ranges itself; patterns and what only the service knows reach it.
        var badName = await _account.RunAsync("sts", "assume-role", "--role-arn", Role, "--role-session-name", "stream one");
        var notARole = await _account.RunAsync("sts", "assume-role", "--role-arn", "arn:aws:s3:::uploads-bucket-name", "--role-session-name", "stream-one");
        var badPolicy = await _account.RunAsync("sts", "assume-role", "--role-arn", Role, "--role-session-name", "stream-one", "--policy", "{\"Statement\": [{\"Effect\": \"Maybe\"}]}");
        var unsupported = await _account.RunAsync("sts", "get-session-token");

        Assert.Contains("(ValidationError) when calling the AssumeRole operation", badName.Error, StringComparison.Ordinal);
        Assert.Contains("roleSessionName", badName.Error, StringComparison.Ordinal);
        Assert.Contains("(ValidationError) when calling the AssumeRole operation", notARole.Error, StringComparison.Ordinal);
        Assert.Contains("(MalformedPolicyDocument) when calling the AssumeRole operation", badPolicy.Error, StringComparison.Ordinal);
        Assert.Contains("GetSessionToken", unsupported.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, unsupported.ExitCode);
    }

    private static string Text(JsonNode? node) => node?.GetValue<string>() ?? throw new InvalidOperationException("Missing value in CLI output.");
}
