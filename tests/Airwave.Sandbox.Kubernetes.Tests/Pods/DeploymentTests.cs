using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Tests.Pods;

/// <summary>Deployments through ReplicaSets to pods as kube-controller-manager makes them, driven with the real kubectl.</summary>
public sealed class DeploymentTests(KubeletSandbox sandbox) : IClassFixture<KubeletSandbox>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _ns = "d-" + Guid.NewGuid().ToString("N")[..8];

    private Testing.Kubectl Kubectl => sandbox.Fixture.Kubectl;

    public Task InitializeAsync() => Kubectl.SucceedAsync("create", "namespace", _ns);

    public async Task DisposeAsync() => await Kubectl.RunAsync("delete", "namespace", _ns, "--wait=false");

    [Fact]
    public async Task A_deployment_rolls_out_scales_replaces_a_deleted_pod_and_rolls_out_a_new_template()
    {
        await Kubectl.SucceedAsync("create", "deployment", "d", "-n", _ns, "--image=busybox", "--", "sh", "-c", "sleep 600");
        var first = await Kubectl.RunAsync("rollout", "status", "deployment/d", "-n", _ns, "--timeout=30s");

        await Kubectl.SucceedAsync("scale", "deployment", "d", "-n", _ns, "--replicas=3");
        var scaled = await RunningPodsAsync(3);

        await Kubectl.SucceedAsync("delete", "pod", scaled[0], "-n", _ns, "--wait=false");
        var replaced = await Eventually.MatchAsync(() => PodNamesAsync(), names => names.Count == 3 && !names.Contains(scaled[0]), Timeout, "the deleted pod replaced");

        await Kubectl.SucceedAsync("set", "env", "deployment/d", "-n", _ns, "COLOUR=blue");
        var second = await Kubectl.RunAsync("rollout", "status", "deployment/d", "-n", _ns, "--timeout=30s");
        var afterRollout = await Eventually.MatchAsync(() => PodNamesAsync(), names => names.Count == 3 && !names.Intersect(replaced).Any(), Timeout, "only new pods after the rollout");
        var replicaSets = JsonNode.Parse(await Kubectl.SucceedAsync("get", "replicasets", "-n", _ns, "-o", "json"))!["items"]!.AsArray();

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("successfully rolled out", first.StandardOutput, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(3, afterRollout.Count);
        Assert.Equal(2, replicaSets.Count);
        Assert.Equal([0, 3], replicaSets.Select(r => (int)r!["spec"]!["replicas"]!).Order());
    }

    [Fact]
    public async Task Deleting_a_deployment_deletes_its_replica_sets_and_pods()
    {
        await Kubectl.SucceedAsync("create", "deployment", "gone", "-n", _ns, "--image=busybox", "--replicas=2", "--", "sh", "-c", "sleep 600");
        await RunningPodsAsync(2);

        await Kubectl.SucceedAsync("delete", "deployment", "gone", "-n", _ns);

        var left = await Eventually.MatchAsync(
            async () => (await Kubectl.SucceedAsync("get", "replicasets,pods", "-n", _ns, "-o", "name")).Trim(),
            names => names.Length == 0,
            Timeout,
            "replica sets and pods deleted");
        Assert.Equal(string.Empty, left);
    }

    private async Task<List<string>> PodNamesAsync() =>
        [.. JsonNode.Parse(await Kubectl.SucceedAsync("get", "pods", "-n", _ns, "-o", "json"))!["items"]!.AsArray()
            .Where(p => (string?)p!["status"]?["phase"] is "Running" or "Pending")
            .Select(p => (string)p!["metadata"]!["name"]!)];

    private async Task<List<string>> RunningPodsAsync(int count) =>
        await Eventually.MatchAsync(
            async () => JsonNode.Parse(await Kubectl.SucceedAsync("get", "pods", "-n", _ns, "-o", "json"))!["items"]!.AsArray()
                .Where(p => (string?)p!["status"]?["phase"] == "Running").Select(p => (string)p!["metadata"]!["name"]!).ToList(),
            names => names.Count == count,
            Timeout,
            $"{count} running pods");
}
