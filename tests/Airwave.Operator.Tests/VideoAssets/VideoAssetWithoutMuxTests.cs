namespace Airwave.Operator.Tests.VideoAssets;

/// <summary>An installation given no Mux access token: VideoAssets say so where the user looks, and nothing else happens.</summary>
public sealed class VideoAssetWithoutMuxTests(VideoAssetWithoutMuxTests.WithoutMuxToken sandbox) : IClassFixture<VideoAssetWithoutMuxTests.WithoutMuxToken>
{
    public sealed class WithoutMuxToken : OperatorSandbox
    {
        protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings =>
        [
            new("MUX_TOKEN_ID", ""),
            new("MUX_TOKEN_SECRET", ""),
        ];
    }

    [Fact]
    public async Task The_example_waits_pending_with_a_condition_naming_the_missing_token()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", "videoasset-direct-upload.yaml"));

        var pending = await sandbox.WaitForAsync(ns, "videoasset", "intro", a => a?["status"]?["conditions"] is not null, "intro has conditions");

        Assert.Equal("Pending", (string?)pending!["status"]!["phase"]);
        var ready = pending["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Ready")!;
        Assert.Equal(("False", "MuxNotConfigured"), ((string?)ready["status"], (string?)ready["reason"]));
        Assert.Equal(
            "The operator has no Mux access token: ask its administrators to set MUX_TOKEN_ID and MUX_TOKEN_SECRET (Helm value config.mux.credentialsSecret).",
            (string?)ready["message"]);
        Assert.Null(pending["metadata"]!["finalizers"]);
        Assert.Equal(0, sandbox.Host.Mux!.AssetCount);

        // Nothing holds the VideoAsset back from deletion.
        await sandbox.Kubectl.SucceedAsync("delete", "-n", ns, "videoasset", "intro", "--timeout=30s");
    }
}
