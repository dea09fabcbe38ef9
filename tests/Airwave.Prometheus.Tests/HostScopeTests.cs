using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace Airwave.Prometheus.Tests;

/// <summary>Two hosts in one process (two services a test runs side by side): each /metrics shows its own host's metrics.</summary>
public class HostScopeTests
{
    [Fact]
    public async Task Each_host_serves_the_metrics_made_through_its_own_factory()
    {
        await using var first = Host();
        await using var second = Host();
        first.GetRequiredService<IMetricFactory>().CreateCounter("airwave_frames_total", "Frames.").Inc(1);
        second.GetRequiredService<IMetricFactory>().CreateCounter("airwave_frames_total", "Frames.").Inc(5);

        var firstScrape = await Scrape.OfAsync(first.GetRequiredService<CollectorRegistry>());
        var secondScrape = await Scrape.OfAsync(second.GetRequiredService<CollectorRegistry>());

        Assert.Equal(1, firstScrape.Sum("airwave_frames_total"));
        Assert.Equal(5, secondScrape.Sum("airwave_frames_total"));
        Assert.Contains(firstScrape.Samples, s => s.Name == "process_cpu_seconds_total");
        Assert.Contains(secondScrape.Samples, s => s.Name == "process_cpu_seconds_total");
    }

    [Fact]
    public async Task Each_host_says_how_its_program_was_compiled()
    {
        await using var host = Host();

        var scrape = await Scrape.OfAsync(host.GetRequiredService<CollectorRegistry>());

        // The tests run compiled as they go; the images' operator answers "aot" (OperatorPodTests).
        var info = Assert.Single(scrape.Samples, s => s.Name == "airwave_build_info");
        Assert.Equal(1, info.Value);
        Assert.Equal("jit", info.Labels["compilation"]);
    }

    private static ServiceProvider Host() => new ServiceCollection().AddPrometheusMetrics().BuildServiceProvider();
}
