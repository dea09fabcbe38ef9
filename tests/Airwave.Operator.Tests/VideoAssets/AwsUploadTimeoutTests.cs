using System.Text.Json.Nodes;

namespace Airwave.Operator.Tests.VideoAssets;

/// <summary>A direct upload to the AWS video bucket nobody used before its URL expired, with the operator's clock moved past it.</summary>
public sealed class AwsUploadTimeoutTests(AwsUploadTimeoutTests.OperatorClockSandbox sandbox) : IClassFixture<AwsUploadTimeoutTests.OperatorClockSandbox>, IDisposable
{
    public sealed class OperatorClockSandbox : OperatorSandbox
    {
        public ShiftedTimeProvider Clock { get; } = new();

        protected override TimeProvider OperatorTime => Clock;
    }

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("airwave-aws-upload-timeout-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task An_expired_upload_is_a_condition_and_an_event_its_url_withdrawn_and_a_file_that_comes_late_is_still_taken()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.ApplyAsync(ns, """
            apiVersion: media.airwave.dev/v1alpha1
            kind: VideoAsset
            metadata: { name: forgotten }
            spec:
              title: Forgotten
              provider: Aws
              source: { directUpload: { timeoutSeconds: 60 } }
            """);
        var waiting = await sandbox.WaitForAsync(ns, "videoasset", "forgotten", a => a?["status"]?["uploadUrl"] is not null, "an upload URL");
        var url = (string)waiting!["status"]!["uploadUrl"]!;

        sandbox.Clock.Advance(TimeSpan.FromSeconds(61));

        var timedOut = await sandbox.WaitForAsync(ns, "videoasset", "forgotten", a => Reason(a, "Uploaded") == "UploadTimedOut", "the expired upload reported");
        Assert.Equal("WaitingForUpload", (string?)timedOut!["status"]!["phase"]);
        Assert.Null(timedOut["status"]!["uploadUrl"]);
        Assert.Null(timedOut["status"]!["uploadUrlExpiresAt"]);
        Assert.Equal("timed_out", (string?)timedOut["status"]!["upload"]!["state"]);
        Assert.Equal("UploadTimedOut", Reason(timedOut, "Ready"));
        Assert.StartsWith("The upload timed out without a file. For a new upload URL, change the spec or set the annotation media.airwave.dev/new-upload", Message(timedOut, "Ready"), StringComparison.Ordinal);
        await sandbox.WaitForEventAsync(ns, "forgotten", "UploadTimedOut");

        // S3 still takes the PUT (its URL is signed for longer than the sandbox's clock moved): a file that arrives
        // after all, say a large one whose upload began in time, is transcoded rather than lost.
        var file = await TestMedia.ClipAsync(_directory.FullName);
        var put = await ProcessRunner.RunAsync("curl", ["--fail-with-body", "-sS", "-T", file, url], TimeSpan.FromSeconds(60));
        Assert.True(put.ExitCode == 0, put.ToString());
        var ready = await Eventually.MatchAsync(() => sandbox.GetAsync(ns, "videoasset", "forgotten"), a => (string?)a?["status"]?["phase"] is "Ready" or "Errored", TimeSpan.FromSeconds(180), "the late file settles");
        Assert.True((string?)ready!["status"]!["phase"] == "Ready", ready.ToJsonString());
        Assert.Equal("asset_created", (string?)ready["status"]!["upload"]!["state"]);
    }

    private static string? Reason(JsonNode? asset, string type) =>
        (string?)asset?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == type)?["reason"];

    private static string Message(JsonNode? asset, string type) =>
        (string?)asset?["status"]?["conditions"]?.AsArray().First(c => (string?)c!["type"] == type)!["message"] ?? "";
}
