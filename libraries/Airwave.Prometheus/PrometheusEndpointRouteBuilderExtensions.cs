using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Airwave.Prometheus;

/// <summary>Serves the <see cref="PrometheusExporter"/>'s metrics over HTTP.</summary>
public static class PrometheusEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET <paramref name="pattern"/></c> to the Prometheus text exposition of every collected metric,
    /// with Content-Type <c>text/plain; version=0.0.4; charset=utf-8</c>.
    /// Requires <see cref="PrometheusServiceCollectionExtensions.AddPrometheusExporter"/>.
    /// </summary>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        // Resolved now rather than on the first scrape, so measurements recorded before it are not missed.
        var exporter = endpoints.ServiceProvider.GetService<PrometheusExporter>()
            ?? throw new InvalidOperationException("MapPrometheusMetrics needs services.AddPrometheusExporter().");

        return endpoints
            .MapGet(pattern, async context =>
            {
                var text = exporter.Collect();
                context.Response.ContentType = PrometheusExporter.ContentType;
                await context.Response.WriteAsync(text, context.RequestAborted);
            })
            .WithDisplayName("Prometheus metrics");
    }
}
