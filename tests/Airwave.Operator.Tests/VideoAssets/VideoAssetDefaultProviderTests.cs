namespace Airwave.Operator.Tests.VideoAssets;

/// <summary>
/// An installation whose default provider is Aws: a VideoAsset naming no provider is hosted on AWS, and one naming Mux
/// by Mux; status records each, and so does the PROVIDER column.
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

        var onAws = await sandbox.WaitForAsync(ns, "videoasset", "unnamed", a => (string?)a?["status"]?["phase"] == "WaitingForUpload", "unnamed waits for its upload");
        var onMux = await sandbox.WaitForAsync(ns, "videoasset", "on-mux", a => (string?)a?["status"]?["phase"] == "WaitingForUpload", "on-mux waits for its upload");
        var table = await sandbox.Kubectl.SucceedAsync("get", "videoassets", "-n", ns);

        Assert.Equal("Aws", (string?)onAws!["status"]!["provider"]);
        Assert.Equal("Mux", (string?)onMux!["status"]!["provider"]);
        Assert.Matches(@"(?m)^unnamed\s+Unnamed provider\s+Aws\s", table);
        Assert.Matches(@"(?m)^on-mux\s+On Mux\s+Mux\s", table);
        Assert.NotNull((string?)onMux["status"]!["uploadUrl"]);

        // Each waits for its file where its provider takes it: the AWS one in the installation's video bucket.
        Assert.StartsWith(new Uri(sandbox.Host.Aws!.BaseAddress, sandbox.Host.Aws.Options.VideoBucket + "/videos/").ToString(), (string?)onAws["status"]!["uploadUrl"], StringComparison.Ordinal);
        Assert.StartsWith(sandbox.Host.Mux!.BaseAddress.ToString(), (string?)onMux["status"]!["uploadUrl"], StringComparison.Ordinal);
    }
}
