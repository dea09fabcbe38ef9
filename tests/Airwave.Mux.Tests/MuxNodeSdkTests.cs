using System.Text.Json.Nodes;

namespace Airwave.Mux.Tests;

/// <summary>Mux's official Node SDK (@mux/mux-node, tests/mux-node) against the emulator: it must read every answer as it reads Mux's.</summary>
public sealed class MuxNodeSdkTests(MuxEmulatorFixture mux) : IClassFixture<MuxEmulatorFixture>
{
    [Fact]
    public async Task The_sdk_makes_uploads_assets_playback_ids_and_signing_keys_and_reads_the_errors()
    {
        var options = mux.Emulator.Options;
        var directory = Directory.CreateTempSubdirectory("airwave-mux-node-");
        using var http = new HttpClient();
        var ready = await ReadyAssets.AssetAsync(new MuxClient(http, new MuxClientOptions { BaseAddress = mux.Emulator.BaseAddress, MaxRetries = 0 }, mux.Credentials), http, directory.FullName, "public");
        var result = await ProcessRunner.RunAsync("node", [Repository.Path("tests", "mux-node", "emulator-roundtrip.mjs"), mux.Emulator.BaseAddress.ToString().TrimEnd('/'), options.TokenId, options.TokenSecret, ready.Id], TimeSpan.FromSeconds(60));
        directory.Delete(recursive: true);
        Assert.True(result.ExitCode == 0, result.ToString());
        var seen = JsonNode.Parse(result.StandardOutput)!;

        Assert.Equal("waiting", (string?)seen["upload"]!["status"]);
        Assert.StartsWith(mux.Emulator.BaseAddress.ToString(), (string?)seen["upload"]!["url"]);
        Assert.Equal(900, (int)seen["upload"]!["timeout"]!);
        Assert.True((bool)seen["upload"]!["read"]!);
        Assert.Equal("cancelled", (string?)seen["upload"]!["cancelled"]);
        Assert.Equal("cancelled", (string?)seen["upload"]!["listedAs"]);
        Assert.Equal("signed", (string?)seen["upload"]!["policy"]![0]);
        Assert.Equal("preparing", (string?)seen["asset"]!["status"]);
        Assert.Equal("public", (string?)seen["asset"]!["policies"]![0]);
        Assert.Equal("talk-1", (string?)seen["asset"]!["passthrough"]);
        Assert.Equal(("A longer talk", "talk-1"), ((string?)seen["asset"]!["title"], (string?)seen["asset"]!["externalId"]));
        Assert.Equal(1, (int)seen["asset"]!["playbackIds"]!);
        Assert.Equal("signed", (string?)seen["playback"]!["policy"]);
        Assert.Equal("asset", (string?)seen["playback"]!["object"]!["type"]);
        // Input info: a new asset's settings, and a ready asset's file as Mux describes the test clip (MP4, H.264 and AAC).
        Assert.Equal("https://example.com/talk.mp4", (string?)seen["input"]!["fetched"]![0]!["settings"]!["url"]);
        Assert.Null(seen["input"]!["fetched"]![0]!["file"]);
        var file = seen["input"]!["ready"]![0]!["file"]!;
        Assert.Equal("mp4", (string?)file["container_format"]);
        var tracks = file["tracks"]!.AsArray();
        Assert.Equal(("video", "h.264"), ((string?)tracks[0]!["type"], (string?)tracks[0]!["encoding"]));
        Assert.True((int)tracks[0]!["width"]! > 0 && (double)tracks[0]!["frame_rate"]! > 0, file.ToJsonString());
        Assert.Equal(("audio", "aac"), ((string?)tracks[1]!["type"], (string?)tracks[1]!["encoding"]));
        Assert.Equal("NotFoundError 404", (string?)seen["afterDelete"]);
        Assert.Equal("BadRequestError 400", (string?)seen["invalid"]);
        Assert.Equal(["listed-3", "listed-2", "listed-1"], seen["listed"]!.AsArray().Select(p => (string?)p));
        Assert.True((bool)seen["key"]!["hasPrivateKey"]!);
        Assert.True((bool)seen["key"]!["read"]!);
        Assert.False((bool)seen["key"]!["readHasPrivateKey"]!);
        Assert.Equal("AuthenticationError 401", (string?)seen["unauthorized"]);
    }
}
