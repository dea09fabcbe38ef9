using Airwave.Kubernetes.Client;
using Airwave.Sandbox.Kubernetes;
using k8s;
using k8s.Models;

namespace Airwave.Events.Tests.Infrastructure;

/// <summary>The in-process sandbox API server and a client for it, in a temporary directory.</summary>
public sealed class KubernetesSandbox : IAsyncDisposable
{
    private readonly string _directory;
    private readonly KubernetesApiServer _server;

    private KubernetesSandbox(string directory, KubernetesApiServer server, k8s.KubernetesClientConfiguration configuration)
    {
        _directory = directory;
        _server = server;
        Configuration = configuration;
        Client = new KubernetesClient(configuration);
    }

    public k8s.KubernetesClientConfiguration Configuration { get; }

    public KubernetesClient Client { get; }

    /// <summary>The API server's test-only failures (stalled requests, errors).</summary>
    public FaultInjector Faults => _server.Faults;

    public static async Task<KubernetesSandbox> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("airwave-events-tests-").FullName;
        var server = await KubernetesApiServer.StartAsync(new KubernetesApiServerOptions(), CancellationToken.None);
        var kubeconfig = server.WriteKubeconfig(Path.Combine(directory, "sandbox.kubeconfig"));
        return new KubernetesSandbox(directory, server, KubernetesAccess.Configuration(kubeconfig));
    }

    /// <summary>The outbox ConfigMaps in the operator's namespace.</summary>
    public async Task<IReadOnlyList<V1ConfigMap>> OutboxAsync() =>
        [.. (await Client.Api.CoreV1.ListNamespacedConfigMapAsync(Client.Namespace, cancellationToken: CancellationToken.None)).Items
            .Where(c => c.Metadata.Name!.StartsWith("airwave-outbox-", StringComparison.Ordinal))];

    /// <summary>Events stored in the outbox (the ConfigMaps' keys other than the sequence counter).</summary>
    public async Task<int> PendingAsync() => (await OutboxAsync()).Sum(c => c.Data?.Keys.Count(k => k != "next-sequence") ?? 0);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
