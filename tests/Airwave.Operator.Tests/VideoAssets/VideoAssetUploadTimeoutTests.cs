using System.Text.Json.Nodes;

namespace Airwave.Operator.Tests.VideoAssets;

/// <summary>A direct upload nobody used before its timeout, with Mux's clock moved past it.</summary>
public sealed class VideoAssetUploadTimeoutTests(VideoAssetUploadTimeoutTests.MuxClockSandbox sandbox) : IClassFixture<VideoAssetUploadTimeoutTests.MuxClockSandbox>
{
    public sealed class MuxClockSandbox : OperatorSandbox
    {
        public ManualTimeProvider Clock { get; } = new();

        protected override TimeProvider MuxTime => Clock;
    }

    [Fact]
    public async Task A_timed_out_upload_is_a_condition_and_an_event_and_the_url_is_withdrawn()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.ApplyAsync(ns, """
            apiVersion: media.airwave.dev/v1alpha1
            kind: VideoAsset
            metadata: { name: forgotten }
            spec:
              title: Forgotten
              source: { directUpload: { timeoutSeconds: 60 } }
            """);
        await sandbox.WaitForAsync(ns, "videoasset", "forgotten", a => a?["status"]?["uploadUrl"] is not null, "an upload URL");

        sandbox.Clock.Advance(TimeSpan.FromSeconds(61));

        var timedOut = await sandbox.WaitForAsync(ns, "videoasset", "forgotten", a => Reason(a, "Uploaded") == "UploadTimedOut", "the timed-out upload reported");
        Assert.Equal("WaitingForUpload", (string?)timedOut!["status"]!["phase"]);
        Assert.Null(timedOut["status"]!["uploadUrl"]);
        Assert.Null(timedOut["status"]!["uploadUrlExpiresAt"]);
        Assert.Equal("timed_out", (string?)timedOut["status"]!["upload"]!["state"]);
        Assert.Equal("UploadTimedOut", Reason(timedOut, "Ready"));
        Assert.StartsWith("The upload timed out without a file. For a new upload URL, change the spec or set the annotation media.airwave.dev/new-upload", Message(timedOut, "Ready"), StringComparison.Ordinal);
        await Eventually.MatchAsync(
            () => sandbox.Kubectl.SucceedAsync("get", "events", "-n", ns, "--field-selector", "reason=UploadTimedOut", "-o", "name"),
            names => names.Trim().Length > 0,
            OperatorSandbox.Timeout,
            "an UploadTimedOut event");
    }

    private static string? Reason(JsonNode? asset, string type) =>
        (string?)asset?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == type)?["reason"];

    private static string Message(JsonNode? asset, string type) =>
        (string?)asset?["status"]?["conditions"]?.AsArray().First(c => (string?)c!["type"] == type)!["message"] ?? "";
}
