using System.Text.Json.Nodes;

namespace Airwave.Operator.Tests.ArchiveSplits;

/// <summary>
/// A VideoAsset whose source is a clip an ArchiveSplit cut: it waits for the cut, then the provider (the sandbox's
/// Mux) fetches the clip from S3 through a presigned URL and the asset becomes Ready, as long as the clip.
/// </summary>
[Collection(RecordedSession.Collection)]
public sealed class ClipVideoAssetTests(RecordedSession session)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task A_video_asset_of_a_clip_waits_for_the_cut_then_plays_the_clip()
    {
        await ApplyAssetAsync("clip-video", "for-mux", section: 1);
        var waiting = await session.WaitForAsync(session.Namespace, "videoasset", "clip-video", a => Ready(a)?["reason"] is not null, "clip-video waits");
        Assert.Equal("ArchiveSplitNotFound", (string?)Ready(waiting)!["reason"]);
        Assert.Equal("Pending", (string?)waiting!["status"]!["phase"]);

        await session.ApplySplitAsync("for-mux", "[{start: 0, end: 2}, {start: 3, end: 9}]");

        var ready = await Eventually.MatchAsync(
            () => session.GetAsync(session.Namespace, "videoasset", "clip-video"),
            a => (string?)a?["status"]?["phase"] is "Ready" or "Errored",
            Patience,
            "clip-video Ready");
        Assert.Equal("Ready", (string?)ready!["status"]!["phase"]);
        Assert.Equal($"{session.Folder}index_for_mux_2.mp4", (string?)ready["status"]!["sourceUrl"]);
        Assert.InRange((double)ready["status"]!["metadata"]!["duration"]!, 5.9, 6.1);

        // Mux tells no size or bitrate of an input; a clip's size is the split's, its bitrate the average over its duration.
        var split = await session.GetAsync(session.Namespace, "archivesplit", "for-mux");
        var size = (long)split!["status"]!["sections"]!.AsArray().Single(s => (int)s!["index"]! == 1)!["size"]!;
        var metadata = ready["status"]!["metadata"]!;
        Assert.Equal(size, (long)metadata["fileSize"]!);
        Assert.Equal(Math.Round(size * 8 / (double)metadata["duration"]! / 1000), (long)metadata["bitrate"]!);
        Assert.InRange((long)metadata["bitrate"]!, 10, 20_000);
        var asset = await session.Mux.GetAssetAsync((string)ready["status"]!["assetId"]!, CancellationToken.None);
        Assert.DoesNotContain("X-Amz-Signature", ready.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("ready", asset.Status);
    }

    [Fact]
    public async Task A_section_the_split_does_not_have_is_refused_saying_how_many_it_has()
    {
        await session.ApplySplitAsync("two-sections", "[{start: 0, end: 2}, {start: 3, end: 5}]");
        await ApplyAssetAsync("no-such-section", "two-sections", section: 5);

        var refused = await session.WaitForAsync(session.Namespace, "videoasset", "no-such-section", a => (string?)Ready(a)?["reason"] == "InvalidSource", "no-such-section refused");

        Assert.Equal("ArchiveSplit two-sections has 2 sections (0 to 1); spec.source.archiveSplitRef.section is 5.", (string?)Ready(refused)!["message"]);
        Assert.Null(refused!["status"]!["assetId"]);
    }

    [Fact]
    public async Task A_split_that_creates_assets_makes_a_ready_video_asset_per_clip_which_go_with_it()
    {
        await session.ApplySplitAsync("with-assets", "[{start: 0, end: 3}, {start: 4, end: 8}]", more: "createAssets: true");

        var split = await session.WaitForAsync(session.Namespace, "archivesplit", "with-assets", s => (string?)s?["status"]?["phase"] == "Succeeded", "with-assets Succeeded");
        Assert.Equal(["with-assets-1", "with-assets-2"], split!["status"]!["sections"]!.AsArray().Select(s => (string?)s!["asset"]));
        var lengths = new[] { 3d, 4d };
        var assetIds = new List<string>();
        for (var n = 1; n <= 2; n++)
        {
            var asset = await Eventually.MatchAsync(
                () => session.GetAsync(session.Namespace, "videoasset", $"with-assets-{n}"),
                a => (string?)a?["status"]?["phase"] is "Ready" or "Errored",
                Patience,
                $"with-assets-{n} Ready");
            Assert.Equal("Ready", (string?)asset!["status"]!["phase"]);
            Assert.InRange((double)asset["status"]!["metadata"]!["duration"]!, lengths[n - 1] - 0.1, lengths[n - 1] + 0.1);
            Assert.Equal("ArchiveSplit", (string?)asset["metadata"]!["ownerReferences"]![0]!["kind"]);
            assetIds.Add((string)asset["status"]!["assetId"]!);
        }

        await session.Kubectl.SucceedAsync("delete", "-n", session.Namespace, "archivesplit", "with-assets", "--timeout=60s");

        foreach (var n in new[] { 1, 2 })
        {
            await session.WaitForAsync(session.Namespace, "videoasset", $"with-assets-{n}", a => a is null, $"with-assets-{n} deleted with its split");
        }

        var remaining = await session.Mux.ListAssetsAsync(null, 100, CancellationToken.None);
        Assert.DoesNotContain(remaining.Assets, a => assetIds.Contains(a.Id));
    }

    private Task ApplyAssetAsync(string name, string split, int section) =>
        session.ApplyAsync(session.Namespace, $$"""
            apiVersion: media.airwave.dev/v1alpha1
            kind: VideoAsset
            metadata: { name: {{name}} }
            spec:
              title: A clip
              source: { archiveSplitRef: { name: {{split}}, section: {{section}} } }
            """);

    private static JsonNode? Ready(JsonNode? resource) =>
        resource?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == "Ready");
}
