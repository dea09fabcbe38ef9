using Airwave.Kubernetes.Metrics;
using Prometheus;
using PrometheusMetrics = Prometheus.Metrics;

namespace Airwave.Kubernetes.Tests.Support;

/// <summary>The runtime's metrics in a registry of one test's own (tests run in parallel), and what it would serve at /metrics.</summary>
internal sealed class TestMetrics
{
    private readonly CollectorRegistry _registry = PrometheusMetrics.NewCustomRegistry();

    public TestMetrics() => Kubernetes = new KubernetesMetrics(PrometheusMetrics.WithCustomRegistry(_registry));

    public KubernetesMetrics Kubernetes { get; }

    public Task<Scrape> ScrapeAsync() => Scrape.OfAsync(_registry);
}
