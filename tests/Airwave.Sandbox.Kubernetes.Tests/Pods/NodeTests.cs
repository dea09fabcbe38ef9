using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Tests.Pods;

/// <summary>The kubelet's Node as people look at it on a cluster, cordoning and draining it.</summary>
public sealed class NodeTests(KubeletSandbox sandbox) : IClassFixture<KubeletSandbox>
{
    private Testing.Kubectl Kubectl => sandbox.Fixture.Kubectl;

    [Fact]
    public async Task The_node_is_registered_ready_with_this_machines_capacity_and_renews_its_lease()
    {
        var wide = await Kubectl.SucceedAsync("get", "nodes", "-o", "wide");
        var described = await Kubectl.SucceedAsync("describe", "node", "airwave-sandbox");
        var node = JsonNode.Parse(await Kubectl.SucceedAsync("get", "node", "airwave-sandbox", "-o", "json"))!;
        var lease = JsonNode.Parse(await Kubectl.SucceedAsync("get", "lease", "airwave-sandbox", "-n", "kube-node-lease", "-o", "json"))!;

        Assert.Matches(@"^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME\n", wide);
        Assert.Matches(@"\nairwave-sandbox\s+Ready\s+<none>\s+\S+\s+v1\.32\.0\s+127\.0\.0\.1\s+<none>\s+.+\s+\S+\s+sandbox://1\.0\.0\n", wide);
        Assert.Equal(Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)node["status"]!["capacity"]!["cpu"]);
        Assert.Equal("32", (string?)node["status"]!["allocatable"]!["pods"]);
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), (string?)node["status"]!["nodeInfo"]!["kernelVersion"]);
        Assert.Matches(@"Ready\s+True\s+.*KubeletReady\s+kubelet is posting ready status", described);
        Assert.Matches(@"Capacity:\s*\n\s+cpu:\s+\d+\s*\n\s+memory:\s+\d+Ki\s*\n\s+pods:\s+32", described);
        Assert.Matches(@"HolderIdentity:\s+airwave-sandbox", described);
        Assert.Equal("airwave-sandbox", (string?)lease["spec"]!["holderIdentity"]);
        var renewed = DateTimeOffset.Parse((string)lease["spec"]!["renewTime"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(DateTimeOffset.UtcNow - renewed, TimeSpan.FromSeconds(-5), TimeSpan.FromSeconds(40));
    }

    [Fact]
    public async Task A_cordoned_node_holds_new_pods_pending_until_it_is_uncordoned()
    {
        var ns = "n-" + Guid.NewGuid().ToString("N")[..8];
        await Kubectl.SucceedAsync("create", "namespace", ns);
        await Kubectl.SucceedAsync("cordon", "airwave-sandbox");
        try
        {
            var cordoned = await Kubectl.SucceedAsync("get", "node", "airwave-sandbox");
            await Kubectl.SucceedAsync("run", "held", "-n", ns, "--image=busybox", "--restart=Never", "--", "true");
            var pending = await PodStatus.WaitForAsync(Kubectl, ns, "held", p => p["status"]?["conditions"]?[0]?["reason"] is not null);

            Assert.Matches(@"airwave-sandbox\s+Ready,SchedulingDisabled\s", cordoned);
            Assert.Equal("Pending", PodStatus.Phase(pending));
            Assert.Equal("0/1 nodes are available: 1 node(s) were unschedulable.", (string?)pending["status"]!["conditions"]![0]!["message"]);
        }
        finally
        {
            await Kubectl.SucceedAsync("uncordon", "airwave-sandbox");
        }

        await PodStatus.WaitForAsync(Kubectl, ns, "held", p => PodStatus.Phase(p) == "Succeeded");
        Assert.Matches(@"airwave-sandbox\s+Ready\s", await Kubectl.SucceedAsync("get", "node", "airwave-sandbox"));
    }

    [Fact]
    public async Task Pods_are_bound_to_the_node_and_listed_on_it()
    {
        var ns = "n-" + Guid.NewGuid().ToString("N")[..8];
        await Kubectl.SucceedAsync("create", "namespace", ns);
        await Kubectl.SucceedAsync("run", "bound", "-n", ns, "--image=busybox", "--restart=Never", "--", "sleep", "600");
        await PodStatus.WaitForAsync(Kubectl, ns, "bound", p => PodStatus.Phase(p) == "Running");

        var wide = await Kubectl.SucceedAsync("get", "pods", "-n", ns, "-o", "wide");
        var described = await Kubectl.SucceedAsync("describe", "node", "airwave-sandbox");

        Assert.Matches(@"
bound\s+1/1\s+Running\s+0\s+\S+\s+127\.[0-9.]+\s+airwave-sandbox\s", wide);
        Assert.Matches($@"Non-terminated Pods:\s+\(\d+ in total\)[\s\S]*
\s+{ns}\s+bound\s", described);
        await Kubectl.SucceedAsync("delete", "namespace", ns, "--wait=false");
    }

    [Fact]
    public async Task Drain_evicts_the_nodes_pods_and_a_deployments_replacement_waits_for_uncordon()
    {
        var ns = "n-" + Guid.NewGuid().ToString("N")[..8];
        await Kubectl.SucceedAsync("create", "namespace", ns);
        await Kubectl.SucceedAsync("create", "deployment", "web", "-n", ns, "--image=busybox", "--", "sleep", "600");
        await Kubectl.SucceedAsync("run", "bare", "-n", ns, "--image=busybox", "--restart=Never", "--", "sleep", "600");
        await Kubectl.SucceedAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=30s");
        await PodStatus.WaitForAsync(Kubectl, ns, "bare", p => PodStatus.Phase(p) == "Running");
        var before = await Kubectl.SucceedAsync("get", "pods", "-n", ns, "-l", "app=web", "-o", "jsonpath={.items[0].metadata.name}");

        Testing.ProcessResult drained;
        string afterDrain;
        try
        {
            drained = await Kubectl.RunAsync("drain", "airwave-sandbox", "--force", "--ignore-daemonsets", "--timeout=30s");
            afterDrain = await Kubectl.SucceedAsync("get", "pods", "-n", ns, "-o", "custom-columns=NAME:.metadata.name,PHASE:.status.phase,NODE:.spec.nodeName", "--no-headers");
        }
        finally
        {
            await Kubectl.SucceedAsync("uncordon", "airwave-sandbox");
        }

        await Kubectl.SucceedAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=30s");
        var after = await Kubectl.SucceedAsync("get", "pods", "-n", ns, "-l", "app=web", "-o", "jsonpath={.items[0].metadata.name}");

        Assert.True(drained.ExitCode == 0, drained.ToString());
        Assert.Contains($"evicting pod {ns}/{before}", drained.StandardError + drained.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"pod/{before} evicted", drained.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("pod/bare evicted", drained.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("node/airwave-sandbox drained", drained.StandardOutput, StringComparison.Ordinal);
        // The ReplicaSet's replacement waits, unbound, while the node is cordoned; the bare pod is gone for good.
        Assert.Matches(@"^web-\S+\s+Pending\s+<none>\s*$", afterDrain.Trim());
        Assert.NotEqual(before, after);
        await Kubectl.SucceedAsync("delete", "namespace", ns, "--wait=false");
    }

    [Fact]
    public async Task An_eviction_that_breaks_a_disruption_budget_is_refused_and_one_that_keeps_it_evicts()
    {
        var ns = "n-" + Guid.NewGuid().ToString("N")[..8];
        await Kubectl.SucceedAsync("create", "namespace", ns);
        await Kubectl.SucceedAsync("run", "guarded", "-n", ns, "--image=busybox", "--restart=Never", "--labels=app=guarded", "--", "sleep", "600");
        var budget = await Kubectl.RunWithInputAsync(
            "{\"apiVersion\":\"policy/v1\",\"kind\":\"PodDisruptionBudget\",\"metadata\":{\"name\":\"keep-one\"},\"spec\":{\"minAvailable\":1,\"selector\":{\"matchLabels\":{\"app\":\"guarded\"}}}}",
            ["apply", "-n", ns, "-f", "-"]);
        Assert.True(budget.ExitCode == 0, budget.ToString());
        await PodStatus.WaitForAsync(Kubectl, ns, "guarded", p => p["status"]?["conditions"]?.AsArray().Any(c => (string?)c?["type"] == "Ready" && (string?)c["status"] == "True") == true);
        var eviction = $$$"""{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"guarded","namespace":"{{{ns}}}"}}""";

        var refused = await Kubectl.RunWithInputAsync(eviction, ["create", "--raw", $"/api/v1/namespaces/{ns}/pods/guarded/eviction", "-f", "-"]);
        await Kubectl.SucceedAsync("patch", "poddisruptionbudget", "keep-one", "-n", ns, "--type=merge", "-p", """{"spec":{"minAvailable":0}}""");
        var evicted = await Kubectl.RunWithInputAsync(eviction, ["create", "--raw", $"/api/v1/namespaces/{ns}/pods/guarded/eviction", "-f", "-"]);
        var gone = await Kubectl.RunAsync("wait", "--for=delete", "pod/guarded", "-n", ns, "--timeout=30s");
        var left = await Kubectl.SucceedAsync("get", "pods", "-n", ns, "-o", "name");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("Cannot evict pod as it would violate the pod's disruption budget.", refused.StandardError, StringComparison.Ordinal);
        Assert.True(evicted.ExitCode == 0, evicted.ToString());
        Assert.Contains("\"status\":\"Success\"", evicted.StandardOutput, StringComparison.Ordinal);
        Assert.True(gone.ExitCode == 0, gone.ToString());
        Assert.Equal("", left.Trim());
        await Kubectl.SucceedAsync("delete", "namespace", ns, "--wait=false");
    }
}
