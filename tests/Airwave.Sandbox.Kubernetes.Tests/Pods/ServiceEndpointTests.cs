using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Tests.Pods;

/// <summary>A Service's EndpointSlices and Endpoints as kube-controller-manager keeps them from the pods it selects.</summary>
public sealed class ServiceEndpointTests(KubeletSandbox sandbox) : IClassFixture<KubeletSandbox>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _ns = "se-" + Guid.NewGuid().ToString("N")[..8];
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("airwave-endpoints-");

    private Testing.Kubectl Kubectl => sandbox.Fixture.Kubectl;

    public Task InitializeAsync() => Kubectl.SucceedAsync("create", "namespace", _ns);

    public async Task DisposeAsync()
    {
        await Kubectl.RunAsync("delete", "namespace", _ns, "--wait=false");
        _work.Delete(recursive: true);
    }

    [Fact]
    public async Task A_services_endpoints_list_its_pods_not_ready_then_ready_at_their_target_port()
    {
        var ready = Path.Combine(_work.FullName, "ready");

        // The Service first: until a pod names its target port, the port cannot be said.
        await ApplyAsync("""
            apiVersion: v1
            kind: Service
            metadata: { name: api }
            spec:
              selector: { app: api }
              ports: [{ name: web, port: 80, targetPort: http }]
            """);
        var empty = await SliceAsync(s => s["metadata"] is not null);
        await ApplyAsync($$"""
            apiVersion: v1
            kind: Pod
            metadata: { name: api, labels: { app: api } }
            spec:
              containers:
              - name: api
                image: busybox
                command: ["sleep", "600"]
                ports: [{ name: http, containerPort: 8080 }]
                readinessProbe: { exec: { command: ["test", "-f", "{{ready}}"] }, periodSeconds: 1 }
            """);
        var pod = await PodStatus.WaitForAsync(Kubectl, _ns, "api", p => PodStatus.Phase(p) == "Running");
        var address = (string)pod["status"]!["podIP"]!;

        var notReady = await SliceAsync(s => s["endpoints"]?[0]?["conditions"]?["ready"] is JsonValue v && !v.GetValue<bool>());
        var notReadyEndpoints = await Kubectl.SucceedAsync("get", "endpoints", "api", "-n", _ns, "-o", "json");
        await File.WriteAllTextAsync(ready, "");
        var readySlice = await SliceAsync(s => (bool?)s["endpoints"]?[0]?["conditions"]?["ready"] == true);
        var described = await Eventually.MatchAsync(
            () => Kubectl.SucceedAsync("describe", "service", "api", "-n", _ns),
            d => d.Contains($"{address}:8080", StringComparison.Ordinal),
            Timeout,
            "describe service listing the endpoint");

        Assert.Empty(empty["endpoints"]?.AsArray() ?? []);
        Assert.Empty(empty["ports"]?.AsArray() ?? []);
        Assert.Equal(address, (string?)notReady["endpoints"]![0]!["addresses"]![0]);
        Assert.Equal("api", (string?)notReady["endpoints"]![0]!["targetRef"]!["name"]);
        Assert.Equal("airwave-sandbox", (string?)notReady["endpoints"]![0]!["nodeName"]);
        Assert.Equal(8080, (int?)notReady["ports"]![0]!["port"]);
        Assert.Equal("web", (string?)notReady["ports"]![0]!["name"]);
        Assert.Equal(address, (string?)JsonNode.Parse(notReadyEndpoints)!["subsets"]![0]!["notReadyAddresses"]![0]!["ip"]);
        Assert.Equal("Service", (string?)readySlice["metadata"]!["ownerReferences"]![0]!["kind"]);
        Assert.Matches($@"Endpoints:\s+{System.Text.RegularExpressions.Regex.Escape(address)}:8080", described);
    }

    private async Task ApplyAsync(string manifest)
    {
        var applied = await Kubectl.RunWithInputAsync(manifest, ["apply", "-n", _ns, "-f", "-"]);
        Assert.True(applied.ExitCode == 0, applied.ToString());
    }

    private Task<JsonNode> SliceAsync(Func<JsonNode, bool> condition) =>
        Eventually.MatchAsync(
            async () => JsonNode.Parse(await Kubectl.SucceedAsync("get", "endpointslices", "-n", _ns, "-l", "kubernetes.io/service-name=api", "-o", "json"))!["items"]!.AsArray().FirstOrDefault() ?? new JsonObject(),
            condition,
            Timeout,
            "the Service's EndpointSlice");
}
