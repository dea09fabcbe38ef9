using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Airwave.Prometheus;

/// <summary>Registers the <see cref="PrometheusExporter"/>.</summary>
public static class PrometheusServiceCollectionExtensions
{
    /// <summary>
    /// Adds a singleton <see cref="PrometheusExporter"/> configured by <paramref name="configure"/>, for example
    /// <c>services.AddPrometheusExporter(options => options.Meters.Add("Airwave.*"))</c>.
    /// Map its endpoint with <see cref="PrometheusEndpointRouteBuilderExtensions.MapPrometheusMetrics"/>.
    /// </summary>
    public static IServiceCollection AddPrometheusExporter(this IServiceCollection services, Action<PrometheusExporterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<PrometheusExporterOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(provider => new PrometheusExporter(
            provider.GetRequiredService<IOptions<PrometheusExporterOptions>>().Value,
            provider.GetRequiredService<ILogger<PrometheusExporter>>(),
            provider.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        return services;
    }
}
