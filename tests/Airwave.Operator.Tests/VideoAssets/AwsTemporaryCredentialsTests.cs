using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Aws.Credentials;
using Airwave.Sandbox.Aws;

namespace Airwave.Operator.Tests.VideoAssets;

/// <summary>
/// VideoAssets on AWS while the operator's AWS credentials are temporary, and its presigned URLs last no longer than
/// they do: an upload URL in status says so and is replaced before it expires until the upload times out, and a
/// transcode Job that runs longer stores its files by URLs signed again into its plan.
/// </summary>
public sealed class AwsTemporaryCredentialsTests(AwsTemporaryCredentialsTests.ExpiringCredentialsSandbox sandbox) : IClassFixture<AwsTemporaryCredentialsTests.ExpiringCredentialsSandbox>, IDisposable
{
    public sealed class ExpiringCredentialsSandbox : OperatorSandbox
    {
        protected override ICredentialsProvider OperatorCredentials { get; } = new ExpiringCredentials(AwsEmulatorOptions.TestCredentials, TimeProvider.System);

        // One pod per Job: a pod started again would read the plan afresh and hide whether the running one took the new URLs.
        protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings => [new("Operator:VideoAssets:Aws:BackoffLimit", "0")];
    }

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("airwave-aws-temporary-credentials-");

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

    [Fact]
    public async Task A_transcode_that_outlives_its_first_urls_stores_its_files_by_urls_signed_again()
    {
        var file = await TestMedia.ClipAsync(_directory.FullName, seconds: 2);
        await using var server = await ClipServer.StartAsync(file, held: true);
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.ApplyAsync(ns, $$"""
            apiVersion: media.airwave.dev/v1alpha1
            kind: VideoAsset
            metadata: { name: slow }
            spec:
              title: Slow
              provider: Aws
              source: { url: "{{server.ClipUrl}}" }
            """);

        // The Job fetches from a slow site while its plan's first URLs expire; the operator signs them again meanwhile.
        await server.Requested.WaitAsync(TimeSpan.FromSeconds(120));
        var first = Time(await UrlsExpireAsync(ns));
        var renewed = await Eventually.MatchAsync(async () => Time(await UrlsExpireAsync(ns)), at => at > first, TimeSpan.FromSeconds(60), "the plan's URLs signed again");
        Assert.True(renewed - first <= ExpiringCredentials.Lifetime, $"{first:O} then {renewed:O}");
        var wait = first.AddSeconds(1) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        server.Release();
        var settled = await Eventually.MatchAsync(() => sandbox.GetAsync(ns, "videoasset", "slow"), a => (string?)a?["status"]?["phase"] is "Ready" or "Errored", TimeSpan.FromSeconds(180), "the transcode settles");
        Assert.True((string?)settled!["status"]!["phase"] == "Ready", settled.ToJsonString());
        var played = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_type", "-of", "csv=p=0", (string)settled["status"]!["playbackUrl"]!], TimeSpan.FromSeconds(60));
        Assert.True(played.ExitCode == 0 && played.StandardOutput.Contains("video", StringComparison.Ordinal), played.ToString());
    }

    /// <summary>The annotation of the asset's one transcode Job saying until when its plan's URLs work.</summary>
    private async Task<string> UrlsExpireAsync(string ns)
    {
        var jobs = JsonNode.Parse(await sandbox.Kubectl.SucceedAsync("get", "jobs", "-n", ns, "-o", "json"))!["items"]!.AsArray();
        return (string)Assert.Single(jobs)!["metadata"]!["annotations"]!["media.airwave.dev/urls-expire-at"]!;
    }

    private static DateTimeOffset Time(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(JsonNode? value) => DateTimeOffset.Parse((string)value!, CultureInfo.InvariantCulture);

    private static JsonNode? Condition(JsonNode? asset, string type) =>
        asset?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == type);

    private static string Message(JsonNode? status, string type) =>
        (string?)status?["conditions"]?.AsArray().First(c => (string?)c!["type"] == type)!["message"] ?? "";
}
