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
    public async Task Scaling_down_deletes_the_pod_with_the_lowest_deletion_cost_first()
    {
        await Kubectl.SucceedAsync("create", "deployment", "d", "-n", _ns, "--image=busybox", "--replicas=3", "--", "sh", "-c", "sleep 600");
        var running = await RunningPodsAsync(3);
        await Kubectl.SucceedAsync("rollout", "status", "deployment/d", "-n", _ns, "--timeout=30s");

        // Without costs the newest would go; the cost picks each of them in turn, whatever its age.
        await Kubectl.SucceedAsync("annotate", "pod", running[0], "-n", _ns, "controller.kubernetes.io/pod-deletion-cost=-100");
        await Kubectl.SucceedAsync("annotate", "pod", running[1], "-n", _ns, "controller.kubernetes.io/pod-deletion-cost=50");
        await Kubectl.SucceedAsync("scale", "deployment", "d", "-n", _ns, "--replicas=2");
        var two = await Eventually.MatchAsync(() => PodNamesAsync(), names => names.Count == 2, Timeout, "two pods");
        await Kubectl.SucceedAsync("scale", "deployment", "d", "-n", _ns, "--replicas=1");
        var one = await Eventually.MatchAsync(() => PodNamesAsync(), names => names.Count == 1, Timeout, "one pod");

        Assert.Equal(running.Skip(1).Order(), two.Order());
        Assert.Equal([running[1]], one);
    }

    [Fact]
    public async Task A_rolling_update_keeps_within_max_surge_and_max_unavailable_and_undo_returns_to_the_first_replica_set()
    {
        await Kubectl.RunWithInputAsync(Slow("rolling", "RollingUpdate", "rollingUpdate: { maxSurge: 1, maxUnavailable: 0 }"), ["apply", "-n", _ns, "-f", "-"]);
        await Kubectl.SucceedAsync("rollout", "status", "deployment/rolling", "-n", _ns, "--timeout=60s");

        await Kubectl.SucceedAsync("set", "env", "deployment/rolling", "-n", _ns, "COLOUR=blue");
        var samples = await SampleUntilRolledOutAsync("rolling");
        await Kubectl.SucceedAsync("rollout", "undo", "deployment/rolling", "-n", _ns);
        await SampleUntilRolledOutAsync("rolling");
        var replicaSets = JsonNode.Parse(await Kubectl.SucceedAsync("get", "replicasets", "-n", _ns, "-o", "json"))!["items"]!.AsArray();

        // Steps of one: never more than 4 + 1 pods, never fewer than 4 ready, and both templates running at once.
        Assert.True(samples.Max(s => s.Pods) <= 5, $"at most 5 pods at once: {Describe(samples)}");
        Assert.True(samples.Min(s => s.Ready) >= 4, $"at least 4 ready pods at any time: {Describe(samples)}");
        Assert.Contains(samples, s => s.Templates == 2);
        Assert.Equal(2, replicaSets.Count);
        var first = replicaSets.Single(r => (int)r!["spec"]!["replicas"]! == 4)!;
        Assert.Equal("3", (string?)first["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]);
        Assert.DoesNotContain("COLOUR", first["spec"]!["template"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recreate_ends_the_old_pods_before_it_starts_new_ones()
    {
        await Kubectl.RunWithInputAsync(Slow("recreate", "Recreate", ""), ["apply", "-n", _ns, "-f", "-"]);
        await Kubectl.SucceedAsync("rollout", "status", "deployment/recreate", "-n", _ns, "--timeout=60s");

        await Kubectl.SucceedAsync("set", "env", "deployment/recreate", "-n", _ns, "COLOUR=blue");
        var samples = await SampleUntilRolledOutAsync("recreate");

        // Never both templates; a time with fewer than 4 ready pods, since the new ones start after the old ones ended.
        Assert.DoesNotContain(samples, s => s.Templates > 1);
        Assert.Contains(samples, s => s.Ready < 4);
        var after = JsonNode.Parse(await Kubectl.SucceedAsync("get", "deployment", "recreate", "-n", _ns, "-o", "json"))!;
        Assert.Equal(4, (int)after["status"]!["availableReplicas"]!);
        Assert.Equal(4, (int)after["status"]!["updatedReplicas"]!);
    }

    /// <summary>Four pods that become ready a second after they start, so that a rollout takes steps one can watch.</summary>
    private static string Slow(string name, string strategy, string parameters) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: {{name}} }
        spec:
          replicas: 4
          strategy: { type: {{strategy}} {{(parameters.Length > 0 ? ", " + parameters : "")}} }
          selector: { matchLabels: { app: {{name}} } }
          template:
            metadata: { labels: { app: {{name}} } }
            spec:
              terminationGracePeriodSeconds: 1
              containers:
                - name: main
                  image: busybox
                  command: [sh, -c, 'sleep 1; touch ready; sleep 600']
                  readinessProbe: { exec: { command: [test, -f, ready] }, periodSeconds: 1 }
        """;

    /// <summary>Pods and ready pods not being deleted (what a rollout's steps count), and the templates of every pod still running.</summary>
    private sealed record Sample(int Pods, int Ready, int Templates);

    /// <summary>A <see cref="Sample"/> every 100 ms until `kubectl rollout status` says done (at most a minute).</summary>
    private async Task<List<Sample>> SampleUntilRolledOutAsync(string deployment)
    {
        var samples = new List<Sample>();
        using var rollout = Kubectl.RunAsync("rollout", "status", $"deployment/{deployment}", "-n", _ns, "--timeout=60s").ContinueWith(t => t.Result, TaskScheduler.Default);
        while (!rollout.IsCompleted && samples.Count < 600)
        {
            var running = JsonNode.Parse(await Kubectl.SucceedAsync("get", "pods", "-n", _ns, "-l", $"app={deployment}", "-o", "json"))!["items"]!.AsArray()
                .Where(p => (string?)p!["status"]?["phase"] is "Running" or "Pending" or null).ToList();
            var live = running.Where(p => p!["metadata"]!["deletionTimestamp"] is null).ToList();
            var ready = live.Count(p => (p!["status"]?["conditions"] as JsonArray ?? []).Any(c => (string?)c!["type"] == "Ready" && (string?)c["status"] == "True"));
            var templates = running.Select(p => (string?)p!["metadata"]!["labels"]!["pod-template-hash"]).Distinct().Count();
            samples.Add(new Sample(live.Count, ready, templates));
            await Task.Delay(100);
        }

        var status = await rollout;
        Assert.True(status.ExitCode == 0, status.ToString());
        return samples;
    }

    private static string Describe(List<Sample> samples) => string.Join(" ", samples.Select(s => $"{s.Pods}/{s.Ready}/{s.Templates}"));

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
