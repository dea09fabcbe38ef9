using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Airwave.Prometheus;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Airwave.Operator.Hosting;

/// <summary>
/// The operator process: the controllers run in the background while Kestrel serves the probes.
/// `/healthz` answers while the process is alive, `/readyz` once the caches have synced, `/metrics` in the Prometheus text format.
/// </summary>
public static class OperatorHost
{
    /// <param name="configure">Adds configuration or replaces services before the host is built (the sandbox does both).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Configuration.AddEnvironmentVariables("AIRWAVE_");
        if (builder.Configuration["urls"] is null)
        {
            builder.WebHost.UseUrls("http://0.0.0.0:8080");
        }

        // One JSON object per line, with the reconcile scope (controller, namespace, name, reconcileId) on each.
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(json =>
        {
            json.IncludeScopes = true;
            json.UseUtcTimestamp = true;
            json.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });

        configure?.Invoke(builder);
        builder.Services.AddAirwaveOperator(builder.Configuration);

        var app = builder.Build();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapPrometheusMetrics();
        return app;
    }
}
