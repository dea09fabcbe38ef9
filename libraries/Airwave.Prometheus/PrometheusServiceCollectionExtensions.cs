using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Prometheus;

namespace Airwave.Prometheus;

/// <summary>Registers the host's metrics registry.</summary>
public static class PrometheusServiceCollectionExtensions
{
    /// <summary>
    /// Adds a <see cref="CollectorRegistry"/> of this host's own, holding prometheus-net's process and .NET runtime
    /// metrics and <c>airwave_build_info</c>, and an <see cref="IMetricFactory"/> that creates metrics in it. A
    /// registry per host rather than prometheus-net's static default: two services a test runs in one process each
    /// show their own metrics.
    /// Map its endpoint with <see cref="PrometheusEndpointRouteBuilderExtensions.MapPrometheusMetrics"/>.
    /// </summary>
    public static IServiceCollection AddPrometheusMetrics(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(_ =>
        {
            var registry = Metrics.NewCustomRegistry();
            DotNetStats.Register(registry);
            BuildInfo(registry);
            return registry;
        });
        services.TryAddSingleton<IMetricFactory>(provider => Metrics.WithCustomRegistry(provider.GetRequiredService<CollectorRegistry>()));
        return services;
    }

    /// <summary>
    /// <c>airwave_build_info{compilation="aot"|"jit"} 1</c>: whether this program runs as native code compiled ahead
    /// of time (the images' build, which starts at full speed) or compiled as it runs — what to check first when a
    /// fresh replica is slow.
    /// </summary>
    private static void BuildInfo(CollectorRegistry registry) =>
        Metrics.WithCustomRegistry(registry)
            .CreateGauge("airwave_build_info", "Always 1: how this program was built (compilation: aot for native code compiled ahead of time, jit for code compiled as it runs).", ["compilation"])
            .WithLabels(RuntimeFeature.IsDynamicCodeSupported ? "jit" : "aot")
            .Set(1);
}
