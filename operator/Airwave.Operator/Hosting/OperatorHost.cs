using Airwave.Configuration;
using Airwave.Prometheus;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Airwave.Operator.Hosting;

/// <summary>
/// The operator's processes (`run`, and `namespace-access`): the controllers run in the background while Kestrel
/// serves the probes.
/// `/healthz` answers while the process is alive, `/readyz` once the caches have synced, `/metrics` in the Prometheus text format.
/// </summary>
public static class OperatorHost
{
    /// <summary>
    /// Settings, lowest precedence first: the <paramref name="configFile"/> (JSON), environment variables
    /// (DOWNSTREAM_SERVICE_* as they are, then AIRWAVE_-prefixed ones such as AIRWAVE_Operator__ArchiveBucket), then
    /// what <paramref name="configure"/> adds (command-line flags, the sandbox's settings). A bad value throws a
    /// <see cref="SettingException"/> whose message is one line naming the setting.
    /// </summary>
    /// <param name="configure">Adds configuration or replaces services before the host is built (the sandbox does both).</param>
    /// <param name="compose">What the process runs: the operator's controllers by default, or the namespace-access controller.</param>
    public static WebApplication Build(
        string? configFile = null,
        Action<WebApplicationBuilder>? configure = null,
        Func<IServiceCollection, IConfiguration, IServiceCollection>? compose = null)
    {
        var builder = WebApplication.CreateSlimBuilder();

        // Defaults that every later source overrides. A probe and a scrape every few seconds are not news, so ASP.NET
        // Core's per-request lines (Information) stay out unless asked for; and a /readyz that answers "not yet"
        // while the caches sync is the answer itself (the pod's Ready condition shows it), not an Error line.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks"] = "Critical",
        });
        if (configFile is not null)
        {
            AddConfigFile(builder.Configuration, configFile);
        }

        // The host's defaults already read the environment, but before the file; read it again so it wins.
        builder.Configuration.AddEnvironmentVariables();
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
        EarlierNames.Apply(builder.Configuration);
        (compose ?? OperatorServices.AddAirwaveOperator)(builder.Services, builder.Configuration);

        var app = builder.Build();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapPrometheusMetrics();
        return app;
    }

    private static void AddConfigFile(ConfigurationManager configuration, string path)
    {
        try
        {
            configuration.AddJsonFile(Path.GetFullPath(path), optional: false);
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or FormatException or IOException)
        {
            throw new SettingException($"the --config file {path} cannot be read: {e.Message}", e);
        }
    }
}
