using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.Metrics;
using Airwave.Kubernetes.Tests.Support;
using Airwave.Sandbox.Kubernetes;

namespace Airwave.Kubernetes.Tests.Informers;

/// <summary>
/// A watch whose connection silently stops carrying anything (no close, no reset) is noticed by the client's
/// HTTP/2 health check and started again, so the cache catches up within the check's interval and timeout.
/// </summary>
public sealed class DeadWatchTests
{
    [Fact]
    public async Task A_watch_on_a_connection_that_silently_died_is_noticed_and_the_cache_catches_up()
    {
        await using var cluster = await SandboxCluster.StartAsync(new KubernetesApiServerOptions { Https = true });
        await using var proxy = new FreezingProxy(cluster.Client.Server.Port);
        var throughProxy = KubernetesAccess.Configuration(cluster.Kubeconfig);
        throughProxy.Host = $"https://127.0.0.1:{proxy.Port}";
        var client = new KubernetesClient(
            throughProxy,
            new KubernetesClientOptions
            {
                Json = TestJson.Options,
                UserAgent = "airwave-tests/dead-watch",
                Metrics = KubernetesMetrics.Unexported,
                HealthCheckInterval = TimeSpan.FromSeconds(1),
                HealthCheckTimeout = TimeSpan.FromSeconds(1),
            });
        var informer = new Informer<TestConfigMap>(client, ResourceType.ConfigMaps, new InformerOptions { Namespaces = ["default"] });
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(SandboxCluster.Patience);

        proxy.FreezeOpenConnections();
        await cluster.Client.CreateAsync(ResourceType.ConfigMaps, new TestConfigMap { Metadata = new() { Name = "after-the-freeze", Namespace = "default" } }, CancellationToken.None);
        var seen = await Eventually.MatchAsync(
            () => informer.Cache.Get(new ObjectKey("default", "after-the-freeze")),
            c => c is not null,
            TimeSpan.FromSeconds(20),
            "the ConfigMap made after the freeze in the cache");
        await stop.CancelAsync();
        await run;

        Assert.Equal("after-the-freeze", seen!.Metadata.Name);
    }
}
