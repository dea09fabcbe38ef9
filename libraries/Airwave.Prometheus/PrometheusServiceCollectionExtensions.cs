using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Prometheus;

namespace Airwave.Prometheus;

/// <summary>Registers the host's metrics registry.</summary>
public static class PrometheusServiceCollectionExtensions
{
    /// <summary>
    /// Adds a <see cref="CollectorRegistry"/> of this host's own, holding prometheus-net's process and .NET runtime
    /// metrics, and an <see cref="IMetricFactory"/> that creates metrics in it. A registry per host rather than
    /// prometheus-net's static default: two services a test runs in one process each show their own metrics.
    /// Map its endpoint with <see cref="PrometheusEndpointRouteBuilderExtensions.MapPrometheusMetrics"/>.
    /// </summary>
    public static IServiceCollection AddPrometheusMetrics(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(_ =>
        {
            var registry = Metrics.NewCustomRegistry();
            DotNetStats.Register(registry);
            return registry;
        });
        services.TryAddSingleton<IMetricFactory>(provider => Metrics.WithCustomRegistry(provider.GetRequiredService<CollectorRegistry>()));
        return services;
    }
}
