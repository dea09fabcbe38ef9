using System.Text.Json;
using System.Text.Json.Nodes;
using Airwave.Api.ArchiveSplits;
using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Api.VideoAssets;
using Airwave.Kubernetes.ApiMachinery.Yaml;

namespace Airwave.Api.Tests;

public class ExampleManifestTests
{
    public static TheoryData<string> Examples() =>
        [.. Directory.GetFiles(Repository.Path("examples"), "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_is_valid_against_its_crd_and_has_no_unknown_fields(string file)
    {
        foreach (var manifest in YamlReader.ReadDocuments(File.ReadAllText(Repository.Path("examples", file))))
        {
            var schema = CommittedCrds.SchemaFor(manifest);
            var pruned = schema.Prune(manifest.DeepClone());
            schema.ApplyDefaults(manifest);
            var errors = schema.Validate(manifest);

            Assert.Empty(pruned);
            Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => e.Message)));
        }
    }

    [Fact]
    public void The_examples_cover_every_kind_the_issue_names()
    {
        var manifests = Directory.GetFiles(Repository.Path("examples"), "*.yaml")
            .SelectMany(f => YamlReader.ReadDocuments(File.ReadAllText(f)))
            .ToList();

        Assert.Contains(manifests, m => Kind(m) == "LiveStream" && m["spec"]!["source"]!["type"]!.GetValue<string>() == "RtmpPush"
            && m["spec"]!["state"]!.GetValue<string>() == "Running" && m["spec"]!["archive"]!["enabled"]!.GetValue<bool>());
        Assert.Contains(manifests, m => Kind(m) == "LiveStream" && m["spec"]!["source"]!["type"]!.GetValue<string>() == "Chime");
        Assert.Contains(manifests, m => Kind(m) == "VideoAsset" && m["spec"]!["source"]!["directUpload"] is not null);
        Assert.Contains(manifests, m => Kind(m) == "ArchiveSplit" && m["spec"]!["sections"]!.AsArray().Count == 3);
    }

    [Fact]
    public void Examples_deserialize_into_the_api_types_with_defaults_applied()
    {
        var rtmp = Load<LiveStream>("livestream-rtmp.yaml", ApiJsonContext.Default.LiveStream);
        Assert.Equal(StreamState.Running, rtmp.Spec.State);
        Assert.Equal(["203.0.113.0/24", "198.51.100.17/32", "127.0.0.1/32"], rtmp.Spec.Source.RtmpPush!.AllowedCidrs);
        Assert.Equal(300, rtmp.Spec.Archive.SegmentLengthSeconds);

        var chime = Load<LiveStream>("livestream-chime.yaml", ApiJsonContext.Default.LiveStream);
        Assert.Equal(Ladder.P1080, chime.Spec.Encoding.Ladder);
        Assert.Equal(3600, chime.Spec.Playback.StartoverWindowSeconds);
        Assert.Equal(60, chime.Spec.Playback.Encryption.KeyRotationIntervalSeconds);

        var asset = Load<VideoAsset>("videoasset-direct-upload.yaml", ApiJsonContext.Default.VideoAsset);
        Assert.Equal(PlaybackPolicy.Signed, asset.Spec.PlaybackPolicy);
        Assert.Equal(2, asset.Spec.Chapters.Count);

        var split = Load<ArchiveSplit>("archivesplit.yaml", ApiJsonContext.Default.ArchiveSplit);
        Assert.Equal("workshop-a", split.Spec.StreamRef.Name);
        Assert.Equal(3, split.Spec.Sections.Count);
    }

    private static T Load<T>(string file, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        var manifest = YamlReader.Read(File.ReadAllText(Repository.Path("examples", file)))!;
        CommittedCrds.SchemaFor(manifest).ApplyDefaults(manifest);
        return manifest.Deserialize(type) ?? throw new JsonException($"{file} deserialized to null");
    }

    private static string? Kind(JsonNode manifest) => manifest["kind"]?.GetValue<string>();
}
