using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Tests.Pods;

/// <summary>The kubelet's Node as people look at it on a cluster, and cordoning it.</summary>
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
}
