using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Aws.Credentials;
using Airwave.Sandbox.Aws;

namespace Airwave.Operator.Tests.VideoAssets;

/// <summary>
/// A direct upload to the AWS video bucket while the operator's AWS credentials are temporary: each upload URL lasts
/// no longer than the credentials that signed it, status says so, and a new one replaces it before it expires until
/// the upload times out.
/// </summary>
public sealed class AwsUploadRenewalTests(AwsUploadRenewalTests.ExpiringCredentialsSandbox sandbox) : IClassFixture<AwsUploadRenewalTests.ExpiringCredentialsSandbox>, IDisposable
{
    public sealed class ExpiringCredentialsSandbox : OperatorSandbox
    {
        protected override ICredentialsProvider OperatorCredentials { get; } = new ExpiringCredentials(AwsEmulatorOptions.TestCredentials, TimeProvider.System);
    }

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("airwave-aws-upload-renewal-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task The_upload_url_expires_with_the_credentials_and_is_renewed_until_the_upload_times_out()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        var applied = DateTimeOffset.UtcNow;
        await sandbox.ApplyAsync(ns, """
            apiVersion: media.airwave.dev/v1alpha1
            kind: VideoAsset
            metadata: { name: renewed }
            spec:
              title: Renewed
              provider: Aws
              source: { directUpload: { timeoutSeconds: 600 } }
            """);
        var first = (await sandbox.WaitForAsync(ns, "videoasset", "renewed", a => a?["status"]?["uploadUrl"] is not null, "an upload URL"))!["status"]!;
        var (firstUrl, firstExpires) = ((string)first["uploadUrl"]!, Time(first["uploadUrlExpiresAt"]));
        var timesOut = Time(first["upload"]!["timesOutAt"]);

        Assert.InRange(timesOut, applied.AddSeconds(599), DateTimeOffset.UtcNow.AddSeconds(601));
        Assert.InRange(firstExpires, applied, DateTimeOffset.UtcNow + ExpiringCredentials.Lifetime);
        Assert.Contains($"until {timesOut.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}", Message(first, "Uploaded"), StringComparison.Ordinal);

        var second = (await sandbox.WaitForAsync(ns, "videoasset", "renewed", a => (string?)a?["status"]?["uploadUrl"] is { } url && url != firstUrl, "a renewed upload URL"))!["status"]!;
        Assert.True(Time(second["uploadUrlExpiresAt"]) > firstExpires, second.ToJsonString());
        Assert.Equal(timesOut, Time(second["upload"]!["timesOutAt"]));
        Assert.Equal("waiting", (string?)second["upload"]!["state"]);

        // The first URL stops working when it said it would; the one in status then takes the file.
        var file = await TestMedia.ClipAsync(_directory.FullName, seconds: 2);
        var wait = firstExpires.AddSeconds(1) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var late = await ProcessRunner.RunAsync("curl", ["--fail-with-body", "-sS", "-T", file, firstUrl], TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, late.ExitCode);
        Assert.Contains("Request has expired", late.StandardOutput, StringComparison.Ordinal);

        var current = (string)(await sandbox.GetAsync(ns, "videoasset", "renewed"))!["status"]!["uploadUrl"]!;
        var put = await ProcessRunner.RunAsync("curl", ["--fail-with-body", "-sS", "-T", file, current], TimeSpan.FromSeconds(60));
        Assert.True(put.ExitCode == 0, put.ToString());
        var received = await sandbox.WaitForAsync(ns, "videoasset", "renewed", a => Condition(a, "Uploaded")?["status"]?.GetValue<string>() == "True", "the file received");
        Assert.Equal("asset_created", (string?)received!["status"]!["upload"]!["state"]);
        Assert.Null(received["status"]!["uploadUrl"]);
    }

    private static DateTimeOffset Time(JsonNode? value) => DateTimeOffset.Parse((string)value!, CultureInfo.InvariantCulture);

    private static JsonNode? Condition(JsonNode? asset, string type) =>
        asset?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == type);

    private static string Message(JsonNode? status, string type) =>
        (string?)status?["conditions"]?.AsArray().First(c => (string?)c!["type"] == type)!["message"] ?? "";
}
