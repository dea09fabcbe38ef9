namespace Airwave.Operator.Tests.VideoAssets;

/// <summary>An installation configured with the VOD service's names for the Mux access token works as with Airwave's.</summary>
public sealed class VideoAssetWithEarlierNamesTests(VideoAssetWithEarlierNamesTests.WithEarlierNames sandbox) : IClassFixture<VideoAssetWithEarlierNamesTests.WithEarlierNames>
{
    public sealed class WithEarlierNames : OperatorSandbox
    {
        // The sandbox's Mux emulator's token, given only under VIDEO_CDN_TOKEN and VIDEO_CDN_SECRET.
        protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings =>
        [
            new("MUX_TOKEN_ID", ""),
            new("MUX_TOKEN_SECRET", ""),
            new("VIDEO_CDN_TOKEN", new Airwave.Sandbox.Mux.MuxEmulatorOptions().TokenId),
            new("VIDEO_CDN_SECRET", new Airwave.Sandbox.Mux.MuxEmulatorOptions().TokenSecret),
        ];
    }

    [Fact]
    public async Task The_example_gets_its_upload_url_from_mux()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", "videoasset-direct-upload.yaml"));

        var waiting = await sandbox.WaitForAsync(ns, "videoasset", "intro", a => a?["status"]?["uploadUrl"] is not null, "intro publishes an upload URL");

        Assert.Equal("WaitingForUpload", (string?)waiting!["status"]!["phase"]);
        var upload = await sandbox.Mux.GetUploadAsync((string)waiting["status"]!["upload"]!["id"]!, CancellationToken.None);
        Assert.Equal("https://app.example.com", upload.CorsOrigin);
    }
}
