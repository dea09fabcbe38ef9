using System.Text.Json.Nodes;
using Airwave.Mux.Video;
using Airwave.Sandbox.Mux;

namespace Airwave.Operator.Tests.VideoAssets;

/// <summary>Mux failing before a call takes effect, or after (its answer lost), and status writes lost: one asset, never two, none left behind.</summary>
public sealed class VideoAssetFaultTests(OperatorSandbox sandbox) : IClassFixture<OperatorSandbox>
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private MuxFaultInjector Faults => sandbox.Host.Mux!.Faults;

    [Fact]
    public async Task A_server_error_before_the_create_and_a_lost_answer_after_it_leave_exactly_one_mux_asset()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await using var files = await ClipServer.StartAsync(await TestMedia.ClipAsync(sandbox.Directory));
        Faults.Add(MuxFaultInjector.Kind.ServerError, 1, "POST", "/video/v1/assets");
        Faults.Add(MuxFaultInjector.Kind.LoseResponse, 1, "POST", "/video/v1/assets");

        await ApplyUrlAssetAsync(ns, files.ClipUrl);

        var ready = await Eventually.MatchAsync(() => sandbox.GetAsync(ns, "videoasset", "talk"), a => (string?)a?["status"]?["phase"] == "Ready", ReadyTimeout, "talk Ready through the faults");
        Assert.Equal(0, Faults.Pending);
        var uid = (string)ready!["metadata"]!["uid"]!;
        var made = Assert.Single(await AssetsOfAsync(uid));
        Assert.Equal((string?)ready["status"]!["assetId"], made.Id);

        await sandbox.Kubectl.SucceedAsync("delete", "-n", ns, "videoasset", "talk", "--wait=false");
        await sandbox.WaitForAsync(ns, "videoasset", "talk", a => a is null, "talk deleted");
        Assert.Empty(await AssetsOfAsync(uid));
    }

    [Fact]
    public async Task Status_writes_lost_after_the_asset_was_made_leave_exactly_one_mux_asset()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await using var files = await ClipServer.StartAsync(await TestMedia.ClipAsync(sandbox.Directory));
        string uid;
        using (sandbox.Host.Kubernetes.Faults.FailWhile(r => r.Subresource == "status" && r.Namespace == ns, 500))
        {
            await ApplyUrlAssetAsync(ns, files.ClipUrl);
            uid = (string)(await sandbox.WaitForAsync(ns, "videoasset", "talk", a => a?["metadata"]?["finalizers"] is not null, "the finalizer added"))!["metadata"]!["uid"]!;
            await Eventually.MatchAsync(() => AssetsOfAsync(uid), a => a.Count > 0, OperatorSandbox.Timeout, "the asset made at Mux");

            // Reconciles retried meanwhile must find the asset they made, not make another.
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var ready = await Eventually.MatchAsync(() => sandbox.GetAsync(ns, "videoasset", "talk"), a => (string?)a?["status"]?["phase"] == "Ready", ReadyTimeout, "talk Ready once status can be written");
        var made = Assert.Single(await AssetsOfAsync(uid));
        Assert.Equal((string?)ready!["status"]!["assetId"], made.Id);

        await sandbox.Kubectl.SucceedAsync("delete", "-n", ns, "videoasset", "talk", "--wait=false");
        await sandbox.WaitForAsync(ns, "videoasset", "talk", a => a is null, "talk deleted");
        Assert.Empty(await AssetsOfAsync(uid));
    }

    [Fact]
    public async Task A_server_error_and_a_lost_answer_creating_the_upload_leave_exactly_one_waiting_upload()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        Faults.Add(MuxFaultInjector.Kind.ServerError, 1, "POST", "/video/v1/uploads");
        Faults.Add(MuxFaultInjector.Kind.LoseResponse, 1, "POST", "/video/v1/uploads");

        await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", "videoasset-direct-upload.yaml"));

        var waiting = await sandbox.WaitForAsync(ns, "videoasset", "intro", a => a?["status"]?["uploadUrl"] is not null, "an upload URL through the faults");
        Assert.Equal(0, Faults.Pending);
        var uid = (string)waiting!["metadata"]!["uid"]!;
        var uploads = (await sandbox.Mux.ListUploadsAsync(1, 100, CancellationToken.None)).Where(u => u.NewAssetSettings?.Passthrough == uid).ToList();
        var upload = Assert.Single(uploads);
        Assert.Equal(((string?)waiting["status"]!["upload"]!["id"], "waiting"), (upload.Id, upload.Status));

        await sandbox.Kubectl.SucceedAsync("delete", "-n", ns, "videoasset", "intro", "--wait=false");
        await sandbox.WaitForAsync(ns, "videoasset", "intro", a => a is null, "intro deleted");
        Assert.Equal("cancelled", (await sandbox.Mux.GetUploadAsync(upload.Id, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_request_mux_refuses_errors_the_asset_once_and_waits_for_a_spec_change()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await using var files = await ClipServer.StartAsync(await TestMedia.ClipAsync(sandbox.Directory));
        Faults.Add(MuxFaultInjector.Kind.Refused, 1, "POST", "/video/v1/assets");

        await ApplyUrlAssetAsync(ns, files.ClipUrl);
        var errored = await sandbox.WaitForAsync(ns, "videoasset", "talk", a => (string?)a?["status"]?["phase"] == "Errored", "talk Errored");
        var uid = (string)errored!["metadata"]!["uid"]!;

        // Resyncs meanwhile do not ask Mux again: the same request would be refused again.
        await Task.Delay(3 * OperatorSandbox.ResyncInterval);
        Assert.Empty(await AssetsOfAsync(uid));
        var warnings = await sandbox.Kubectl.SucceedAsync("get", "events", "-n", ns, "--field-selector", "reason=ProviderRejected", "-o", "json");

        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "videoasset", "talk", "--type=merge", "-p", """{"spec":{"title":"Talk, retitled"}}""");
        var ready = await Eventually.MatchAsync(() => sandbox.GetAsync(ns, "videoasset", "talk"), a => (string?)a?["status"]?["phase"] == "Ready", ReadyTimeout, "talk Ready after the spec changed");

        var condition = errored["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Ready")!;
        Assert.Equal(("False", "ProviderRejected"), ((string?)condition["status"], (string?)condition["reason"]));
        Assert.Contains(MuxFaultInjector.RefusedMessage, (string?)condition["message"], StringComparison.Ordinal);
        var warning = Assert.Single(JsonNode.Parse(warnings)!["items"]!.AsArray());
        Assert.Equal(("Warning", 1), ((string?)warning!["type"], (int?)warning["count"] ?? 1));
        Assert.Equal((string?)ready!["status"]!["assetId"], Assert.Single(await AssetsOfAsync(uid)).Id);

        await sandbox.Kubectl.SucceedAsync("delete", "-n", ns, "videoasset", "talk", "--wait=false");
        await sandbox.WaitForAsync(ns, "videoasset", "talk", a => a is null, "talk deleted");
        Assert.Empty(await AssetsOfAsync(uid));
    }

    private Task ApplyUrlAssetAsync(string ns, Uri url) => sandbox.ApplyAsync(ns, $$"""
        apiVersion: media.airwave.dev/v1alpha1
        kind: VideoAsset
        metadata: { name: talk }
        spec:
          title: Talk
          source: { url: "{{url}}" }
        """);

    /// <summary>The account's assets made for the VideoAsset with this uid, however many there are.</summary>
    private async Task<IReadOnlyList<Asset>> AssetsOfAsync(string uid)
    {
        var found = new List<Asset>();
        string? cursor = null;
        do
        {
            var page = await sandbox.Mux.ListAssetsAsync(cursor, 100, CancellationToken.None);
            found.AddRange(page.Assets.Where(a => a.Passthrough == uid));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return found;
    }
}
