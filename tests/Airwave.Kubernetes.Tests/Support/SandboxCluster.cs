using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Client.Errors;
using Airwave.Kubernetes.Metrics;
using Airwave.Sandbox.Kubernetes;

namespace Airwave.Kubernetes.Tests.Support;

/// <summary>The sandbox API server with the Widget CRD installed, reached through the kubeconfig it writes.</summary>
internal sealed class SandboxCluster : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly ResourceType CustomResourceDefinitions = new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", Namespaced: false);

    private readonly TempDirectory _dir;
    private readonly List<KubernetesClient> _clients = [];

    private SandboxCluster(KubernetesApiServer server, TempDirectory dir, string kubeconfig)
    {
        Server = server;
        _dir = dir;
        Kubeconfig = kubeconfig;
        Configuration = KubernetesAccess.Configuration(kubeconfig);
        Client = NewClient("airwave-tests");
    }

    public KubernetesApiServer Server { get; }
    /// <summary>The kubeconfig file the sandbox wrote.</summary>
    public string Kubeconfig { get; }

    public k8s.KubernetesClientConfiguration Configuration { get; }
    public KubernetesClient Client { get; }

    public static async Task<SandboxCluster> StartAsync(KubernetesApiServerOptions? options = null)
    {
        var server = await KubernetesApiServer.StartAsync(options ?? new KubernetesApiServerOptions(), CancellationToken.None);
        var dir = new TempDirectory();
        var kubeconfig = server.WriteKubeconfig(Path.Combine(dir.Path, "config"));
        var cluster = new SandboxCluster(server, dir, kubeconfig);
        await cluster.InstallWidgetsAsync();
        return cluster;
    }

    /// <summary>Another client, as another operator instance would have; the user agent tells them apart in fault rules.</summary>
    public KubernetesClient NewClient(string userAgent, KubernetesMetrics? metrics = null)
    {
        var client = new KubernetesClient(Configuration, new KubernetesClientOptions { Json = TestJson.Options, UserAgent = userAgent, Metrics = metrics ?? KubernetesMetrics.Unexported });
        _clients.Add(client);
        return client;
    }

    public Task<TestObject> CreateWidgetAsync(string name, int replicas = 1) =>
        Client.CreateAsync(TestObject.Type, TestObject.Named(name, replicas), CancellationToken.None);

    public async Task<TestObject> SetReplicasAsync(string name, int replicas)
    {
        var patch = KubernetesPatch.Merge(new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } });
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Client.PatchAsync<TestObject>(TestObject.Type, "default", name, patch, CancellationToken.None);
            }
            catch (ConflictException) when (attempt < 20)
            {
                // The real API server retries a patch without resourceVersion internally; under many
                // concurrent patches the sandbox answers 409 instead, so the writer retries as a user would.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Server.DisposeAsync();
        _dir.Dispose();
    }

    private async Task InstallWidgetsAsync()
    {
        var crd = new RawObject
        {
            ApiVersion = "apiextensions.k8s.io/v1",
            Kind = "CustomResourceDefinition",
            Metadata = new ObjectMeta { Name = "widgets.test.airwave.io" },
            Spec = JsonNode.Parse("""
                {
                  "group": "test.airwave.io",
                  "scope": "Namespaced",
                  "names": {"plural": "widgets", "singular": "widget", "kind": "Widget", "listKind": "WidgetList"},
                  "versions": [{
                    "name": "v1", "served": true, "storage": true,
                    "subresources": {"status": {}},
                    "schema": {"openAPIV3Schema": {
                      "type": "object",
                      "properties": {
                        "spec": {"type": "object", "properties": {"replicas": {"type": "integer"}}},
                        "status": {"type": "object", "properties": {
                          "observedReplicas": {"type": "integer"},
                          "conditions": {"type": "array", "items": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}
                        }}
                      }
                    }}
                  }]
                }
                """)!.AsObject(),
        };
        await Client.CreateAsync(CustomResourceDefinitions, crd, CancellationToken.None);
        await Eventually.MatchAsync(
            async () =>
            {
                try
                {
                    await Client.ListAsync<TestObject>(TestObject.Type, "default", null, CancellationToken.None);
                    return true;
                }
                catch (NotFoundException)
                {
                    return false;
                }
            },
            served => served,
            Patience,
            "the Widget CRD being served");
    }
}
