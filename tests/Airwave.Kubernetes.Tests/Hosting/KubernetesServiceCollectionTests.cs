using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Client.Errors;
using Airwave.Kubernetes.Hosting;
using Airwave.Kubernetes.Tests.Client;
using Airwave.Kubernetes.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;
using PrometheusMetrics = Prometheus.Metrics;

namespace Airwave.Kubernetes.Tests.Hosting;

public sealed class KubernetesServiceCollectionTests
{
    [Fact]
    public async Task The_registered_client_reports_request_latency_by_verb_and_code_in_the_hosts_registry()
    {
        await using var server = await StubApiServer.StartAsync(c => KubernetesClientTests.Json(c, 404, """{"kind":"Status","reason":"NotFound","code":404}"""));
        var registry = PrometheusMetrics.NewCustomRegistry();
        await using var provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IMetricFactory>(PrometheusMetrics.WithCustomRegistry(registry))
            .AddKubernetesClient(_ => new k8s.KubernetesClientConfiguration { Host = server.BaseAddress.ToString() })
            .BuildServiceProvider();
        var client = provider.GetRequiredService<KubernetesClient>();

        await Assert.ThrowsAsync<NotFoundException>(() => client.GetAsync<TestObject>(TestObject.Type, "default", "w1", CancellationToken.None));

        Assert.Same(client, provider.GetRequiredService<KubernetesClient>());
        Assert.Equal(server.BaseAddress, client.Server);
        var requests = (await Scrape.OfAsync(registry)).Samples.Where(s => s.Name == "airwave_rest_client_request_duration_seconds_count");
        var request = Assert.Single(requests);
        Assert.Equal(new Dictionary<string, string> { ["code"] = "404", ["verb"] = "get" }, request.Labels);
        Assert.Equal(1, request.Value);
    }
}
