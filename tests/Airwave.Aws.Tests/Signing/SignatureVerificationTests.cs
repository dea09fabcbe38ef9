using Airwave.Aws.Errors;
using Airwave.Aws.Tests.Support;
using Airwave.Sandbox.Aws;

namespace Airwave.Aws.Tests.Signing;

public sealed class SignatureVerificationTests
{
    [Fact]
    public async Task Requests_signed_with_a_wrong_secret_are_rejected_like_aws_does()
    {
        await using var wrong = await EmulatorHarness.StartAsync(credentials: AwsEmulatorOptions.TestCredentials with { SecretAccessKey = "not-the-secret" });

        var mediaLive = await Assert.ThrowsAsync<AwsAccessDeniedException>(() => wrong.MediaLive.ListChannelsAsync(CancellationToken.None));
        var mediaPackage = await Assert.ThrowsAsync<AwsAccessDeniedException>(() => wrong.MediaPackage.ListChannelsAsync(CancellationToken.None));
        var cloudFront = await Assert.ThrowsAsync<AwsAccessDeniedException>(() => wrong.CloudFront.GetDistributionConfigAsync(wrong.Emulator.Options.LiveDistributionId, CancellationToken.None));

        Assert.Equal("InvalidSignatureException", mediaLive.ErrorCode);
        Assert.StartsWith("The request signature we calculated does not match", mediaLive.ServiceMessage, StringComparison.Ordinal);
        Assert.Equal("InvalidSignatureException", mediaPackage.ErrorCode);
        Assert.Equal("SignatureDoesNotMatch", cloudFront.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, cloudFront.StatusCode);
    }

    [Fact]
    public async Task Requests_with_an_unknown_access_key_are_rejected_as_unrecognized()
    {
        await using var stranger = await EmulatorHarness.StartAsync(credentials: new("AKIDSTRANGER", "whatever"));

        var error = await Assert.ThrowsAsync<AwsAccessDeniedException>(() => stranger.MediaLive.ListInputsAsync(CancellationToken.None));

        Assert.Equal("UnrecognizedClientException", error.ErrorCode);
    }

    [Fact]
    public async Task Unsigned_requests_are_rejected_with_missing_authentication_token()
    {
        await using var aws = await EmulatorHarness.StartAsync();
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(aws.Emulator.BaseAddress, "/prod/channels"));

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("MissingAuthenticationTokenException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal("""{"message":"Missing Authentication Token"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Requests_signed_with_a_skewed_clock_are_rejected_as_expired()
    {
        await using var aws = await EmulatorHarness.StartAsync();
        var late = new ManualTimeProvider();
        late.Advance(TimeSpan.FromHours(-1));
        using var http = new HttpClient();
        var client = new Airwave.Aws.MediaLive.MediaLiveClient(
            http,
            Airwave.Aws.Http.AwsClientOptions.ForEmulator(aws.Emulator.BaseAddress) with { Retry = new() { MaxRetries = 0 } },
            new Airwave.Aws.Credentials.StaticCredentialsProvider(AwsEmulatorOptions.TestCredentials),
            late);

        var error = await Assert.ThrowsAsync<AwsAccessDeniedException>(() => client.ListChannelsAsync(CancellationToken.None));

        Assert.Equal("InvalidSignatureException", error.ErrorCode);
        Assert.StartsWith("Signature expired", error.ServiceMessage, StringComparison.Ordinal);
    }
}
