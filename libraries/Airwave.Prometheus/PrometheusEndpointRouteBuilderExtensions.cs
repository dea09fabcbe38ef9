using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace Airwave.Prometheus;

/// <summary>Serves the host's metrics over HTTP.</summary>
public static class PrometheusEndpointRouteBuilderExtensions
{
    private static readonly string[] Get = ["GET"];

    /// <summary>
    /// Maps <c>GET <paramref name="pattern"/></c> to the host's registry in the Prometheus text format 0.0.4, or in
    /// OpenMetrics 1.0.0 when the scraper's Accept header asks for <c>application/openmetrics-text</c>.
    /// Requires <see cref="PrometheusServiceCollectionExtensions.AddPrometheusMetrics"/>.
    /// </summary>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var registry = endpoints.ServiceProvider.GetService<CollectorRegistry>()
            ?? throw new InvalidOperationException("MapPrometheusMetrics needs services.AddPrometheusMetrics().");

        return endpoints
            .MapMetrics(settings => settings.Registry = registry, pattern)
            .WithMetadata(new HttpMethodMetadata(Get));
    }
}
