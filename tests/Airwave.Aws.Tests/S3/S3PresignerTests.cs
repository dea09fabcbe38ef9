using System.Net;
using Airwave.Aws.Credentials;
using Airwave.Aws.Http;
using Airwave.Aws.S3;
using Airwave.Aws.Sts;
using Airwave.Aws.Tests.Support;
using Airwave.Sandbox.Aws;
using Amazon.Runtime;
using Amazon.S3;

namespace Airwave.Aws.Tests.S3;

/// <summary>
/// Presigned URLs signed with temporary credentials work as long as the credentials do, and say so; ones signed with
/// an access key last as long as asked.
/// </summary>
public sealed class S3PresignerTests : IAsyncLifetime, IDisposable
{
    private const string Role = "arn:aws:iam::123456789012:role/airwave-operator";
    private const string Policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""";

    private readonly ManualTimeProvider _time = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("airwave-presigner-test-");
    private EmulatorHarness _aws = null!;

    public async Task InitializeAsync()
    {
        _aws = await EmulatorHarness.StartAsync(time: _time);
        _aws.Emulator.CreateBucket("videos");
    }

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    public void Dispose()
    {
        _http.Dispose();
        _work.Delete(recursive: true);
    }

    [Fact]
    public async Task A_url_signed_with_session_credentials_expires_when_they_do_and_is_refused_after()
    {
        using var sts = new StsClient(AwsClientOptions.ForEmulator(_aws.Emulator.BaseAddress), new StaticCredentialsProvider(AwsEmulatorOptions.TestCredentials));
        var session = await sts.AssumeRoleAsync(Role, "operator", Policy, TimeSpan.FromMinutes(15), CancellationToken.None);
        var credentials = new StaticCredentialsProvider(new AwsCredentials(session.AccessKeyId, session.SecretAccessKey, session.SessionToken, session.Expiration));
        using var s3 = S3ClientFactory.Create(AwsClientOptions.ForEmulator(_aws.Emulator.BaseAddress), credentials);
        var presigner = new S3Presigner(s3, credentials, _time);

        var url = await presigner.PresignAsync("videos", "source", HttpVerb.PUT, _time.GetUtcNow().AddDays(1), CancellationToken.None);

        Assert.InRange(url.Expires, session.Expiration.AddSeconds(-1), session.Expiration);
        // The SDK counts X-Amz-Expires from the machine's clock, which ran on past the test's since it was read.
        Assert.InRange(ExpiresSeconds(url.Url), 870, 900);
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(url.Url)).Status);

        _time.Advance(TimeSpan.FromSeconds(901));
        var late = await PutAsync(url.Url);
        Assert.Equal(HttpStatusCode.BadRequest, late.Status);
        Assert.Contains("<Code>ExpiredToken</Code>", late.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_url_signed_with_an_access_key_lasts_as_long_as_asked_within_a_week()
    {
        var credentials = new StaticCredentialsProvider(AwsEmulatorOptions.TestCredentials);
        using var s3 = S3ClientFactory.Create(AwsClientOptions.ForEmulator(_aws.Emulator.BaseAddress), credentials);
        var presigner = new S3Presigner(s3, credentials, _time);
        var now = _time.GetUtcNow();

        var day = await presigner.PresignAsync("videos", "source", HttpVerb.GET, now.AddDays(1), CancellationToken.None);
        var month = await presigner.LastValidAsync(now.AddDays(30), CancellationToken.None);

        Assert.Equal(now.AddDays(1), day.Expires, TimeSpan.FromSeconds(1));
        Assert.InRange(ExpiresSeconds(day.Url), 86370, 86400);
        Assert.Equal(now + S3Presigner.MaxLifetime, month, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task The_sdks_chain_says_when_the_credentials_it_handed_out_expire()
    {
        // credential_process, the profile setting for an external source of temporary credentials, through the SDK's own class.
        var expiration = DateTimeOffset.UtcNow.AddMinutes(42);
        var script = Path.Combine(_work.FullName, "credentials.sh");
        await File.WriteAllTextAsync(script, $$"""
            #!/bin/sh
            echo '{"Version": 1, "AccessKeyId": "ASIAEXAMPLE", "SecretAccessKey": "secret-of-the-example", "SessionToken": "token-of-the-example", "Expiration": "{{expiration:yyyy-MM-ddTHH:mm:ssZ}}"}'
            """);
        Assert.Equal(0, (await ProcessRunner.RunAsync("chmod", ["500", script], TimeSpan.FromSeconds(10))).ExitCode);
        var provider = new DefaultChainCredentialsProvider(() => new ProcessAWSCredentials(script));

        var credentials = await provider.GetCredentialsAsync(CancellationToken.None);

        Assert.Equal(("ASIAEXAMPLE", "token-of-the-example"), (credentials.AccessKeyId, credentials.SessionToken));
        // No later than they expire; the SDK reports its own margin for refreshing them off.
        Assert.InRange(credentials.Expires!.Value, expiration.AddMinutes(-5), expiration);
        Assert.DoesNotContain("secret-of-the-example", credentials.ToString(), StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, string Body)> PutAsync(string url)
    {
        using var body = new ByteArrayContent([1, 2, 3]);
        using var response = await _http.PutAsync(new Uri(url), body);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static int ExpiresSeconds(string url) =>
        int.Parse(System.Web.HttpUtility.ParseQueryString(new Uri(url).Query)["X-Amz-Expires"]!, System.Globalization.CultureInfo.InvariantCulture);
}
