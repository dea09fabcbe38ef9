using System.Net;
using Airwave.Aws.MediaPackage;
using Airwave.Aws.Tests.Support;
using Airwave.Sandbox.Aws;

namespace Airwave.Aws.Tests.MediaPackage;

/// <summary>
/// MediaPackage's CDN authorization in the emulator, set up with the AWS CLI as a platform team does: an endpoint that
/// names a Secrets Manager secret answers only requests carrying the secret's current CDN identifier.
/// </summary>
public sealed class CdnAuthorizationTests : IAsyncLifetime, IDisposable
{
    private EmulatorHarness _aws = null!;
    private AwsCli _cli = null!;

    public async Task InitializeAsync()
    {
        _aws = await EmulatorHarness.StartAsync();
        _cli = new AwsCli(_aws.Emulator.BaseAddress, AwsEmulatorOptions.TestCredentials.AccessKeyId, AwsEmulatorOptions.TestCredentials.SecretAccessKey);
    }

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task An_endpoint_with_cdn_authorization_answers_only_the_secrets_current_identifier()
    {
        var options = _aws.Emulator.Options;
        var secretArn = _aws.Emulator.CdnIdentifierSecretArn;
        await _cli.RunAsync("mediapackage", "create-channel", "--id", "premiere");
        var created = await _cli.RunAsync("mediapackage", "create-origin-endpoint", "--channel-id", "premiere", "--id", "premiere-hls",
            "--hls-package", "SegmentDurationSeconds=6", "--authorization", $"CdnIdentifierSecret={secretArn},SecretsRoleArn={options.CdnSecretsRoleArn}");
        var unknownSecret = await _cli.RunAsync("mediapackage", "create-origin-endpoint", "--channel-id", "premiere", "--id", "other-hls",
            "--hls-package", "SegmentDurationSeconds=6", "--authorization", $"CdnIdentifierSecret={secretArn}x,SecretsRoleArn={options.CdnSecretsRoleArn}");
        var url = new Uri((string)created.Json["Url"]!);

        using var http = new HttpClient();
        var withoutHeader = await StatusAsync(http, url, null);
        var wrongHeader = await StatusAsync(http, url, "not-the-identifier");
        var rightHeader = await StatusAsync(http, url, options.CdnIdentifier);
        var kept = await _aws.MediaPackage.UpdateOriginEndpointAsync("premiere-hls", new UpdateOriginEndpointRequest(StartoverWindowSeconds: 300), CancellationToken.None);
        await _cli.RunAsync("secretsmanager", "put-secret-value", "--secret-id", options.CdnIdentifierSecretName, "--secret-string", "{\"MediaPackageCDNIdentifier\":\"rotated-identifier\"}");
        var oldAfterRotation = await StatusAsync(http, url, options.CdnIdentifier);
        var newAfterRotation = await StatusAsync(http, url, "rotated-identifier");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal(secretArn, (string?)created.Json["Authorization"]!["CdnIdentifierSecret"]);
        Assert.Equal(options.CdnSecretsRoleArn, (string?)created.Json["Authorization"]!["SecretsRoleArn"]);
        Assert.NotEqual(0, unknownSecret.ExitCode);
        Assert.Contains("UnprocessableEntityException", unknownSecret.Error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, withoutHeader);
        Assert.Equal(HttpStatusCode.Forbidden, wrongHeader);

        // Let through, to a channel that has no media yet.
        Assert.Equal(HttpStatusCode.NotFound, rightHeader);
        Assert.Equal(new CdnAuthorization(secretArn, options.CdnSecretsRoleArn), kept.Authorization);
        Assert.Equal(HttpStatusCode.Forbidden, oldAfterRotation);
        Assert.Equal(HttpStatusCode.NotFound, newAfterRotation);
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, Uri url, string? identifier)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (identifier is not null)
        {
            request.Headers.Add(CdnAuthorization.HeaderName, identifier);
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
