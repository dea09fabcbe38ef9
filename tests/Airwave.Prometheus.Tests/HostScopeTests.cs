using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Airwave.Prometheus.Tests;

/// <summary>Two hosts in one process (two services a test runs side by side): each /metrics shows its own host's meters.</summary>
public class HostScopeTests
{
    [Fact]
    public void An_exporter_collects_the_meters_of_its_hosts_factory_and_those_made_without_one_but_not_another_hosts()
    {
        var name = $"Airwave.Tests.{Guid.NewGuid():N}";
        using var first = Host(name);
        using var second = Host(name);
        using var processWide = new Meter(name);
        first.GetRequiredService<IMeterFactory>().Create(name).CreateCounter<long>("airwave.frames").Add(1);
        second.GetRequiredService<IMeterFactory>().Create(name).CreateCounter<long>("airwave.frames").Add(5);
        processWide.CreateCounter<long>("airwave.process.frames").Add(7);

        var firstScrape = first.GetRequiredService<PrometheusExporter>().Collect();
        var secondScrape = second.GetRequiredService<PrometheusExporter>().Collect();

        Assert.Contains("airwave_frames_total 1\n", firstScrape, StringComparison.Ordinal);
        Assert.DoesNotContain("airwave_frames_total 5", firstScrape, StringComparison.Ordinal);
        Assert.Contains("airwave_frames_total 5\n", secondScrape, StringComparison.Ordinal);
        Assert.DoesNotContain("airwave_frames_total 1\n", secondScrape, StringComparison.Ordinal);
        Assert.Contains("airwave_process_frames_total 7\n", firstScrape, StringComparison.Ordinal);
        Assert.Contains("airwave_process_frames_total 7\n", secondScrape, StringComparison.Ordinal);
    }

    private static ServiceProvider Host(string meter)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddPrometheusExporter(options =>
        {
            options.Meters.Clear();
            options.Meters.Add(meter);
        });
        var provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<PrometheusExporter>();
        return provider;
    }
}
