using System.Text.Json.Nodes;

namespace Airwave.Mux.Tests;

/// <summary>Mux's official Node SDK (@mux/mux-node, tests/mux-node) against the emulator: it must read every answer as it reads Mux's.</summary>
public sealed class MuxNodeSdkTests(MuxEmulatorFixture mux) : IClassFixture<MuxEmulatorFixture>
{
    [Fact]
    public async Task The_sdk_makes_uploads_assets_playback_ids_and_signing_keys_and_reads_the_errors()
    {
        var options = mux.Emulator.Options;
        var result = await ProcessRunner.RunAsync("node", [Repository.Path("tests", "mux-node", "emulator-roundtrip.mjs"), mux.Emulator.BaseAddress.ToString().TrimEnd('/'), options.TokenId, options.TokenSecret], TimeSpan.FromSeconds(60));
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
        Assert.Equal("NotFoundError 404", (string?)seen["afterDelete"]);
        Assert.Equal("BadRequestError 400", (string?)seen["invalid"]);
        Assert.Equal(["listed-3", "listed-2", "listed-1"], seen["listed"]!.AsArray().Select(p => (string?)p));
        Assert.True((bool)seen["key"]!["hasPrivateKey"]!);
        Assert.True((bool)seen["key"]!["read"]!);
        Assert.False((bool)seen["key"]!["readHasPrivateKey"]!);
        Assert.Equal("AuthenticationError 401", (string?)seen["unauthorized"]);
    }
}
