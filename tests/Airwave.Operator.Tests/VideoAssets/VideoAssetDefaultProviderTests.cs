namespace Airwave.Operator.Tests.VideoAssets;

/// <summary>
/// An installation whose default provider is one this version cannot host with: a VideoAsset naming no provider says
/// so where the user looks and stays free to be hosted later; one naming Mux is hosted by Mux, which status records.
/// </summary>
public sealed class VideoAssetDefaultProviderTests(VideoAssetDefaultProviderTests.AwsByDefault sandbox) : IClassFixture<VideoAssetDefaultProviderTests.AwsByDefault>
{
    public sealed class AwsByDefault : OperatorSandbox
    {
        protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings => [new("Operator:VideoAssets:DefaultProvider", "Aws")];
    }

    [Fact]
    public async Task A_video_naming_no_provider_takes_the_installations_default_and_one_naming_mux_is_hosted_by_mux()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        var applied = await sandbox.Kubectl.RunWithInputAsync(
            """
            apiVersion: media.airwave.dev/v1alpha1
            kind: VideoAsset
            metadata: { name: unnamed }
            spec: { title: Unnamed provider, source: { directUpload: {} } }
            ---
            apiVersion: media.airwave.dev/v1alpha1
            kind: VideoAsset
            metadata: { name: on-mux }
            spec: { title: On Mux, provider: Mux, source: { directUpload: {} } }
            """,
            "apply", "-n", ns, "-f", "-");
        Assert.True(applied.ExitCode == 0, applied.ToString());

        var unsupported = await sandbox.WaitForAsync(ns, "videoasset", "unnamed", a => a?["status"]?["conditions"] is not null, "unnamed has conditions");
        var onMux = await sandbox.WaitForAsync(ns, "videoasset", "on-mux", a => (string?)a?["status"]?["phase"] == "WaitingForUpload", "on-mux waits for its upload");
        var table = await sandbox.Kubectl.SucceedAsync("get", "videoassets", "-n", ns);

        var ready = unsupported!["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Ready")!;
        Assert.Equal(("False", "ProviderNotSupported"), ((string?)ready["status"], (string?)ready["reason"]));
        Assert.Equal("the installation's default provider Aws is not supported by this version of Airwave; Mux is.", (string?)ready["message"]);
        Assert.Null(unsupported["status"]!["provider"]);
        Assert.Equal("Mux", (string?)onMux!["status"]!["provider"]);
        Assert.Matches(@"(?m)^on-mux\s+On Mux\s+Mux\s", table);
        Assert.NotNull((string?)onMux["status"]!["uploadUrl"]);
        Assert.Null(unsupported["status"]!["uploadUrl"]);
    }
}
