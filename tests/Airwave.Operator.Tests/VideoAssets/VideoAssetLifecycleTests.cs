using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Airwave.Api.Common;
using Airwave.Mux;
using Airwave.Operator.Configuration;
using static Airwave.Operator.Tests.StatusOf;

namespace Airwave.Operator.Tests.VideoAssets;

/// <summary>VideoAssets as a user drives them: kubectl, a real file uploaded with curl, Mux as the sandbox's emulator holds it.</summary>
public sealed class VideoAssetLifecycleTests(OperatorSandbox sandbox) : IClassFixture<OperatorSandbox>
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_example_direct_upload_takes_a_curl_upload_becomes_a_ready_signed_video_and_deleting_it_deletes_the_mux_asset()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        var before = DateTimeOffset.UtcNow;
        await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", "videoasset-direct-upload.yaml"));

        var waiting = await sandbox.WaitForAsync(ns, "videoasset", "intro", a => a?["status"]?["uploadUrl"] is not null, "intro publishes an upload URL");
        Assert.Equal("WaitingForUpload", Phase(waiting));
        var expires = DateTimeOffset.Parse((string)waiting!["status"]!["uploadUrlExpiresAt"]!, CultureInfo.InvariantCulture);
        Assert.InRange(expires, before.AddSeconds(3600 - 5), DateTimeOffset.UtcNow.AddSeconds(3600 + 5));
        Assert.Equal(("False", "WaitingForUpload"), ConditionOf(waiting, "Uploaded"));
        var uploadId = (string)waiting["status"]!["upload"]!["id"]!;
        var upload = await sandbox.Mux.GetUploadAsync(uploadId, CancellationToken.None);
        Assert.Equal(("https://app.example.com", 3600), (upload.CorsOrigin, upload.Timeout));
        Assert.Equal(["signed"], upload.NewAssetSettings!.PlaybackPolicy!);

        var clip = await TestMedia.ClipAsync(sandbox.Directory);
        var curl = await ProcessRunner.RunAsync("curl", ["--silent", "--show-error", "--fail", "-T", clip, (string)waiting["status"]!["uploadUrl"]!], TimeSpan.FromSeconds(60));
        Assert.True(curl.ExitCode == 0, curl.ToString());

        var ready = await Eventually.MatchAsync(() => sandbox.GetAsync(ns, "videoasset", "intro"), a => Phase(a) is "Ready" or "Errored", ReadyTimeout, "intro Ready");
        var status = ready!["status"]!;
        Assert.True(Phase(ready) == "Ready", status.ToJsonString());
        Assert.Equal(("True", "Ready"), ConditionOf(ready, "Ready"));
        Assert.Equal(("True", "Received"), ConditionOf(ready, "Uploaded"));
        Assert.Null(status["uploadUrl"]);
        Assert.Equal((long)ready["metadata"]!["generation"]!, (long)status["observedGeneration"]!);
        var assetId = (string)status["assetId"]!;
        var playbackId = (string)status["playbackId"]!;
        Assert.Equal($"{sandbox.Host.Mux!.BaseAddress}stream/{playbackId}.m3u8", (string?)status["playbackUrl"]);
        Assert.Equal($"{sandbox.Host.Mux.BaseAddress}image/{playbackId}/thumbnail.png", (string?)status["thumbnailUrl"]);
        var metadata = status["metadata"]!;
        Assert.InRange((double)metadata["duration"]!, 1.9, 2.2);
        Assert.Equal("640x360", (string?)metadata["resolution"]);
        Assert.Equal("16:9", (string?)metadata["aspectRatio"]);
        Assert.Equal(25, (double)metadata["fps"]!);
        Assert.Equal(["video", "audio"], metadata["tracks"]!.AsArray().Select(t => (string?)t!["type"]));
        Assert.Equal(("mp4", "h.264"), ((string?)metadata["format"], (string?)metadata["codec"]));

        // Encoded once at Mux's price per minute of video, from the first status that says Ready; no whole hour stored yet.
        var cost = status["cost"]!;
        var components = cost["components"]!.AsArray().ToDictionary(c => (string)c!["name"]!, c => c!);
        var encoding = (decimal)(double)metadata["duration"]! / 60m * new PriceTable().Mux.EncodingPerMinute;
        Assert.InRange(Dollars(components["mux-encoding"]["total"]), encoding - 0.000001m, encoding + 0.000001m);
        Assert.Equal(CostStatus.Unknown, (string?)components["mux-delivery"]["total"]);
        Assert.Equal((Dollars(components["mux-encoding"]["total"]), Dollars(cost["total"])), (Dollars(cost["monthToDate"]), Dollars(cost["total"])));
        Assert.Equal(0m, Dollars(components["mux-storage"]["total"]));

        var asset = await sandbox.Mux.GetAssetAsync(assetId, CancellationToken.None);
        Assert.Equal((string)ready["metadata"]!["uid"]!, asset.Passthrough);
        Assert.Equal(("Sample Video", $"{ns}/intro"), (asset.Meta!.Title, asset.Meta.ExternalId));
        Assert.Equal(uploadId, asset.UploadId);
        var playback = Assert.Single(asset.PlaybackIds!);
        Assert.Equal((playbackId, "signed"), (playback.Id, playback.Policy));

        // Signed: without a token the URLs are refused, as Mux refuses them.
        using var http = new HttpClient();
        using (var refused = await http.GetAsync(new Uri((string)status["playbackUrl"]!)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        await sandbox.WaitForEventAsync(ns, "intro", "UploadCreated");
        await sandbox.WaitForEventAsync(ns, "intro", "Ready");

        await sandbox.Kubectl.SucceedAsync("delete", "-n", ns, "videoasset", "intro", "--wait=false");
        await sandbox.WaitForAsync(ns, "videoasset", "intro", a => a is null, "intro deleted");
        var gone = await Assert.ThrowsAsync<MuxApiException>(() => sandbox.Mux.GetAssetAsync(assetId, CancellationToken.None));
        Assert.True(gone.IsNotFound, gone.Message);
    }

    [Fact]
    public async Task A_url_source_is_fetched_plays_publicly_changes_policy_in_place_and_is_retained_at_mux_when_asked()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await using var files = await ClipServer.StartAsync(await TestMedia.ClipAsync(sandbox.Directory));
        await sandbox.ApplyAsync(ns, $$"""
            apiVersion: media.airwave.dev/v1alpha1
            kind: VideoAsset
            metadata: { name: keynote }
            spec:
              title: Keynote
              source: { url: "{{files.ClipUrl}}" }
              deletionPolicy: Retain
            """);

        var ready = await Eventually.MatchAsync(() => sandbox.GetAsync(ns, "videoasset", "keynote"), a => Phase(a) is "Ready" or "Errored", ReadyTimeout, "keynote Ready");
        var status = ready!["status"]!;
        Assert.True(Phase(ready) == "Ready", status.ToJsonString());
        Assert.Null(status["upload"]);
        Assert.Null(ConditionOf(ready, "Uploaded").Status);

        // Public: the playback URL plays as it is, and the thumbnail is a PNG of the asked width.
        var probe = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", (string)status["playbackUrl"]!], TimeSpan.FromSeconds(60));
        Assert.True(probe.ExitCode == 0, probe.ToString());
        Assert.InRange(double.Parse(probe.StandardOutput.Trim(), CultureInfo.InvariantCulture), 1.5, 2.5);
        using var http = new HttpClient();
        var png = await http.GetByteArrayAsync(new Uri((string)status["thumbnailUrl"]! + "?width=214"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(214, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));

        // A new title reaches the Mux asset's metadata.
        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "videoasset", "keynote", "--type=merge", "-p", """{"spec":{"title":"Keynote, director's cut"}}""");
        await Eventually.MatchAsync(
            () => sandbox.Mux.GetAssetAsync((string)status["assetId"]!, CancellationToken.None),
            a => a.Meta?.Title == "Keynote, director's cut",
            OperatorSandbox.Timeout,
            "the new title at Mux");

        // A new policy gets its own playback id; the old one is deleted once the new one exists.
        var publicId = (string)status["playbackId"]!;
        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "videoasset", "keynote", "--type=merge", "-p", """{"spec":{"playbackPolicy":"Signed"}}""");
        var signed = await sandbox.WaitForAsync(ns, "videoasset", "keynote", a => (string?)a?["status"]?["playbackId"] is { } id && id != publicId, "a signed playback id");
        var assetId = (string)signed!["status"]!["assetId"]!;
        var asset = await sandbox.Mux.GetAssetAsync(assetId, CancellationToken.None);
        var playback = Assert.Single(asset.PlaybackIds!);
        Assert.Equal(((string)signed["status"]!["playbackId"]!, "signed"), (playback.Id, playback.Policy));

        // A new URL: an asset of it replaces the old one, which is deleted.
        Assert.Equal(files.ClipUrl.ToString(), (string?)signed["status"]!["sourceUrl"]);
        var otherUrl = new Uri(files.ClipUrl, "/media/clip.mp4?take=2");
        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "videoasset", "keynote", "--type=merge", "-p", $$$$"""{"spec":{"source":{"url":"{{{{otherUrl}}}}"}}}""");
        var replaced = await Eventually.MatchAsync(
            () => sandbox.GetAsync(ns, "videoasset", "keynote"),
            a => (string?)a?["status"]?["assetId"] != assetId && Phase(a) == "Ready",
            ReadyTimeout,
            "keynote Ready on the new URL's asset");
        Assert.Equal(otherUrl.ToString(), (string?)replaced!["status"]!["sourceUrl"]);
        Assert.True((await Assert.ThrowsAsync<MuxApiException>(() => sandbox.Mux.GetAssetAsync(assetId, CancellationToken.None))).IsNotFound);
        await sandbox.WaitForEventAsync(ns, "keynote", "Replaced");
        assetId = (string)replaced["status"]!["assetId"]!;

        await sandbox.Kubectl.SucceedAsync("delete", "-n", ns, "videoasset", "keynote", "--wait=false");
        await sandbox.WaitForAsync(ns, "videoasset", "keynote", a => a is null, "keynote deleted");
        Assert.Equal("ready", (await sandbox.Mux.GetAssetAsync(assetId, CancellationToken.None)).Status);
        await sandbox.WaitForEventAsync(ns, "keynote", "Retained");
        await sandbox.Mux.DeleteAssetAsync(assetId, CancellationToken.None);
    }

    [Fact]
    public async Task A_cancelled_upload_is_reported_and_the_new_upload_annotation_brings_a_new_url()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.ApplyAsync(ns, """
            apiVersion: media.airwave.dev/v1alpha1
            kind: VideoAsset
            metadata: { name: lecture }
            spec:
              title: Lecture
              source: { directUpload: { timeoutSeconds: 600 } }
            """);
        var waiting = await sandbox.WaitForAsync(ns, "videoasset", "lecture", a => a?["status"]?["uploadUrl"] is not null, "an upload URL");
        var first = (string)waiting!["status"]!["upload"]!["id"]!;
        Assert.Equal("*", (await sandbox.Mux.GetUploadAsync(first, CancellationToken.None)).CorsOrigin);

        await sandbox.Mux.CancelUploadAsync(first, CancellationToken.None);

        var cancelled = await sandbox.WaitForAsync(ns, "videoasset", "lecture", a => ConditionOf(a, "Uploaded").Reason == "UploadCancelled", "the cancelled upload reported");
        Assert.Equal("WaitingForUpload", Phase(cancelled));
        Assert.Null(cancelled!["status"]!["uploadUrl"]);
        var message = ConditionMessage(cancelled, "Ready");
        Assert.Contains("The upload was cancelled", message, StringComparison.Ordinal);
        Assert.Contains("kubectl annotate videoasset lecture media.airwave.dev/new-upload=", message, StringComparison.Ordinal);
        await sandbox.WaitForEventAsync(ns, "lecture", "UploadCancelled");

        await sandbox.Kubectl.SucceedAsync("annotate", "-n", ns, "videoasset", "lecture", "media.airwave.dev/new-upload=1");

        var renewed = await sandbox.WaitForAsync(ns, "videoasset", "lecture", a => a?["status"]?["uploadUrl"] is not null, "a new upload URL");
        var second = (string)renewed!["status"]!["upload"]!["id"]!;
        Assert.NotEqual(first, second);
        Assert.Equal("1", (string?)renewed["status"]!["upload"]!["request"]);
        Assert.Equal("waiting", (await sandbox.Mux.GetUploadAsync(second, CancellationToken.None)).Status);
        Assert.Equal(("False", "WaitingForUpload"), ConditionOf(renewed, "Uploaded"));

        // Once an upload has closed without a file, a spec change brings a new one too.
        await sandbox.Mux.CancelUploadAsync(second, CancellationToken.None);
        await sandbox.WaitForAsync(ns, "videoasset", "lecture", a => (string?)a?["status"]?["upload"]?["state"] == "cancelled", "the second upload cancelled");
        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "videoasset", "lecture", "--type=merge", "-p", """{"spec":{"source":{"directUpload":{"timeoutSeconds":900}}}}""");
        var third = await sandbox.WaitForAsync(ns, "videoasset", "lecture", a => a?["status"]?["uploadUrl"] is not null && (string?)a["status"]!["upload"]!["id"] != second, "a third upload URL");
        var thirdUpload = await sandbox.Mux.GetUploadAsync((string)third!["status"]!["upload"]!["id"]!, CancellationToken.None);
        Assert.Equal(("waiting", 900), (thirdUpload.Status, thirdUpload.Timeout));
        second = thirdUpload.Id;

        // Deleting a VideoAsset whose upload still waits closes the upload.
        await sandbox.Kubectl.SucceedAsync("delete", "-n", ns, "videoasset", "lecture", "--wait=false");
        await sandbox.WaitForAsync(ns, "videoasset", "lecture", a => a is null, "lecture deleted");
        Assert.Equal("cancelled", (await sandbox.Mux.GetUploadAsync(second, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Two_sources_at_once_are_refused_in_status_and_nothing_is_made_at_mux()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        var assets = sandbox.Host.Mux!.AssetCount;
        await sandbox.ApplyAsync(ns, """
            apiVersion: media.airwave.dev/v1alpha1
            kind: VideoAsset
            metadata: { name: confused }
            spec:
              title: Confused
              source: { url: "https://example.com/a.mp4", directUpload: {} }
            """);

        var refused = await sandbox.WaitForAsync(ns, "videoasset", "confused", a => ConditionOf(a, "Ready").Reason is not null, "a Ready condition");
        Assert.Equal(("False", "InvalidSpec"), ConditionOf(refused, "Ready"));
        Assert.Equal("spec.source: Forbidden: set exactly one of spec.source.directUpload, spec.source.url and spec.source.archiveSplitRef, not directUpload and url", ConditionMessage(refused, "Ready"));
        Assert.Equal("Pending", Phase(refused));
        Assert.Null(refused!["metadata"]!["finalizers"]);
        await sandbox.WaitForEventAsync(ns, "confused", "InvalidSpec");
        Assert.Equal(assets, sandbox.Host.Mux.AssetCount);
    }

    [Fact]
    public async Task A_url_mux_cannot_fetch_ends_errored_with_mux_words()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.ApplyAsync(ns, """
            apiVersion: media.airwave.dev/v1alpha1
            kind: VideoAsset
            metadata: { name: unreachable }
            spec:
              title: Unreachable
              source: { url: "http://127.0.0.1:9/missing.mp4" }
            """);

        var errored = await Eventually.MatchAsync(() => sandbox.GetAsync(ns, "videoasset", "unreachable"), a => Phase(a) == "Errored", ReadyTimeout, "unreachable Errored");
        Assert.Equal(("False", "AssetErrored"), ConditionOf(errored, "Ready"));
        Assert.StartsWith($"Mux could not process asset {(string)errored!["status"]!["assetId"]!}: ", ConditionMessage(errored, "Ready"), StringComparison.Ordinal);
        await sandbox.WaitForEventAsync(ns, "unreachable", "AssetErrored");
    }

    internal static (string? Status, string? Reason) ConditionOf(JsonNode? resource, string type)
    {
        var condition = resource?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == type);
        return ((string?)condition?["status"], (string?)condition?["reason"]);
    }

    internal static string ConditionMessage(JsonNode? resource, string type) =>
        (string?)resource?["status"]?["conditions"]?.AsArray().First(c => (string?)c!["type"] == type)!["message"] ?? "";
}
