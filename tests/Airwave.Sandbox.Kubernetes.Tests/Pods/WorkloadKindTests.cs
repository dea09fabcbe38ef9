using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Tests.Pods;

/// <summary>DaemonSets, StatefulSets and ReplicationControllers as kube-controller-manager runs them, driven with the real kubectl.</summary>
public sealed class WorkloadKindTests(KubeletSandbox sandbox) : IClassFixture<KubeletSandbox>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _ns = "w-" + Guid.NewGuid().ToString("N")[..8];
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("airwave-workloads-");

    private Testing.Kubectl Kubectl => sandbox.Fixture.Kubectl;

    public Task InitializeAsync() => Kubectl.SucceedAsync("create", "namespace", _ns);

    public async Task DisposeAsync()
    {
        await Kubectl.RunAsync("delete", "namespace", _ns, "--wait=false");
        _work.Delete(recursive: true);
    }

    [Fact]
    public async Task A_daemonset_runs_a_pod_on_the_node_even_cordoned_and_rolls_out_a_new_template()
    {
        await ApplyAsync("""
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: { name: agent }
            spec:
              selector: { matchLabels: { app: agent } }
              template:
                metadata: { labels: { app: agent } }
                spec: { containers: [{ name: agent, image: busybox, command: ["sleep", "600"] }] }
            """);
        var rolledOut = await Kubectl.RunAsync("rollout", "status", "daemonset/agent", "-n", _ns, "--timeout=30s");
        var table = await Kubectl.SucceedAsync("get", "daemonsets", "-n", _ns, "-o", "wide");
        var first = await PodNamesAsync("app=agent");

        await Kubectl.SucceedAsync("cordon", "airwave-sandbox");
        IReadOnlyList<string> second;
        try
        {
            await Kubectl.SucceedAsync("set", "env", "daemonset/agent", "-n", _ns, "COLOUR=blue");
            var rolledAgain = await Kubectl.RunAsync("rollout", "status", "daemonset/agent", "-n", _ns, "--timeout=30s");
            Assert.True(rolledAgain.ExitCode == 0, rolledAgain.ToString());
            second = await PodNamesAsync("app=agent");
        }
        finally
        {
            await Kubectl.SucceedAsync("uncordon", "airwave-sandbox");
        }

        var pod = JsonNode.Parse(await Kubectl.SucceedAsync("get", "pod", second[0], "-n", _ns, "-o", "json"))!;
        Assert.True(rolledOut.ExitCode == 0, rolledOut.ToString());
        Assert.Matches(@"^NAME\s+DESIRED\s+CURRENT\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+NODE SELECTOR\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR\n", table);
        Assert.Matches(@"\nagent\s+1\s+1\s+1\s+1\s+1\s+<none>\s+\S+\s+agent\s+busybox\s+app=agent\n", table);
        Assert.Single(first);
        Assert.Single(second);
        Assert.NotEqual(first[0], second[0]);
        Assert.Equal("Running", PodStatus.Phase(pod));
        Assert.Equal("blue", (string?)pod["spec"]!["containers"]![0]!["env"]![0]!["value"]);
    }

    [Fact]
    public async Task A_statefulset_makes_pods_by_ordinal_each_after_the_one_before_is_ready()
    {
        // Each pod is Ready once the test says so: a file named after it.
        var ready = _work.FullName;
        // With --output-watch-events each line is an event: its type, and the pod under "object".
        await using var watch = Kubectl.Start("get", "pods", "-n", _ns, "-w", "--output-watch-events", "--no-headers",
            "-o", "custom-columns=EVENT:.type,NAME:.object.metadata.name,READY:.object.status.conditions[?(@.type==\"Ready\")].status");
        await ApplyAsync($$"""
            apiVersion: v1
            kind: Service
            metadata: { name: web }
            spec: { clusterIP: None, selector: { app: web }, ports: [{ port: 80 }] }
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: { name: web }
            spec:
              serviceName: web
              replicas: 3
              selector: { matchLabels: { app: web } }
              template:
                metadata: { labels: { app: web } }
                spec:
                  containers:
                  - name: web
                    image: busybox
                    command: ["sleep", "600"]
                    readinessProbe: { exec: { command: ["sh", "-c", "test -f {{ready}}/$HOSTNAME"] }, periodSeconds: 1 }
            """);

        var lines = new List<string>();
        foreach (var ordinal in new[] { 0, 1, 2 })
        {
            lines.AddRange(await watch.ReadUntilAsync(l => l.Contains($"web-{ordinal} ", StringComparison.Ordinal), Timeout));
            await File.WriteAllTextAsync(Path.Combine(ready, $"web-{ordinal}"), "");
        }

        var rolledOut = await Kubectl.RunAsync("rollout", "status", "statefulset/web", "-n", _ns, "--timeout=30s");
        lines.AddRange(watch.ReadAvailableLines());
        var table = await Kubectl.SucceedAsync("get", "statefulsets", "-n", _ns);
        var second = JsonNode.Parse(await Kubectl.SucceedAsync("get", "pod", "web-1", "-n", _ns, "-o", "json"))!;

        Assert.True(rolledOut.ExitCode == 0, rolledOut.ToString());
        foreach (var ordinal in new[] { 1, 2 })
        {
            // In the watch's order: the pod before is Ready before this one is added.
            var added = lines.FindIndex(l => l.StartsWith("ADDED", StringComparison.Ordinal) && l.Contains($"web-{ordinal} ", StringComparison.Ordinal));
            var before = lines.FindIndex(l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"\sweb-{ordinal - 1}\s+True$"));
            Assert.True(added >= 0 && before >= 0 && before < added, string.Join("\n", lines));
        }

        Assert.Matches(@"\nweb\s+3/3\s", table);
        Assert.Equal("web-1", (string?)second["spec"]!["hostname"]);
        Assert.Equal("web", (string?)second["spec"]!["subdomain"]);
        Assert.Equal("1", (string?)second["metadata"]!["labels"]!["apps.kubernetes.io/pod-index"]);

        await Kubectl.SucceedAsync("set", "env", "statefulset/web", "-n", _ns, "COLOUR=blue");
        var updated = await Kubectl.RunAsync("rollout", "status", "statefulset/web", "-n", _ns, "--timeout=60s");
        var pods = JsonNode.Parse(await Kubectl.SucceedAsync("get", "pods", "-n", _ns, "-l", "app=web", "-o", "json"))!["items"]!.AsArray();
        await Kubectl.SucceedAsync("scale", "statefulset/web", "-n", _ns, "--replicas=1");
        var scaled = await Eventually.MatchAsync(() => PodNamesAsync("app=web"), names => names.Count == 1, Timeout, "one pod left");

        Assert.True(updated.ExitCode == 0, updated.ToString());
        Assert.Equal(["web-0", "web-1", "web-2"], pods.Select(p => (string?)p!["metadata"]!["name"]).Order());
        Assert.All(pods, p => Assert.Equal("blue", (string?)p!["spec"]!["containers"]![0]!["env"]![0]!["value"]));
        Assert.Equal(["web-0"], scaled);
    }

    [Fact]
    public async Task A_replication_controller_keeps_its_replicas_and_scales()
    {
        await ApplyAsync("""
            apiVersion: v1
            kind: ReplicationController
            metadata: { name: legacy }
            spec:
              replicas: 2
              selector: { app: legacy }
              template:
                metadata: { labels: { app: legacy } }
                spec: { containers: [{ name: legacy, image: busybox, command: ["sleep", "600"] }] }
            """);
        var two = await Eventually.MatchAsync(() => PodNamesAsync("app=legacy"), names => names.Count == 2, Timeout, "two pods");
        await Kubectl.SucceedAsync("scale", "rc/legacy", "-n", _ns, "--replicas=1");
        var one = await Eventually.MatchAsync(() => PodNamesAsync("app=legacy"), names => names.Count == 1, Timeout, "one pod");
        var table = await Eventually.MatchAsync(
            () => Kubectl.SucceedAsync("get", "rc", "-n", _ns, "-o", "wide"),
            t => System.Text.RegularExpressions.Regex.IsMatch(t, @"\nlegacy\s+1\s+1\s+1\s"),
            Timeout,
            "the table with one ready replica");

        Assert.Equal(2, two.Count);
        Assert.Single(one);
        Assert.Matches(@"^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR\n", table);
        Assert.Matches(@"\nlegacy\s+1\s+1\s+1\s+\S+\s+legacy\s+busybox\s+app=legacy\n", table);
    }

    private async Task ApplyAsync(string manifest)
    {
        var applied = await Kubectl.RunWithInputAsync(manifest, ["apply", "-n", _ns, "-f", "-"]);
        Assert.True(applied.ExitCode == 0, applied.ToString());
    }

    /// <summary>The pods the selector selects that are not being deleted (a replaced pod may still be Terminating).</summary>
    private async Task<IReadOnlyList<string>> PodNamesAsync(string selector) =>
        [.. JsonNode.Parse(await Kubectl.SucceedAsync("get", "pods", "-n", _ns, "-l", selector, "-o", "json"))!["items"]!.AsArray()
            .Where(p => p!["metadata"]!["deletionTimestamp"] is null)
            .Select(p => (string)p!["metadata"]!["name"]!)];
}
