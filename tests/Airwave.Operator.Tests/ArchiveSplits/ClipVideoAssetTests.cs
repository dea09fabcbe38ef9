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
