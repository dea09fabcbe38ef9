using System.Net;
using System.Security.Cryptography;
using Airwave.Configuration;
using Airwave.Hosting;
using Airwave.Prometheus;
using Airwave.Sfu.Janus;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Airwave.Sfu.Hosting;

/// <summary>
/// An SFU pod's process: renders the media engine's configuration from its settings, runs the engine (Janus with its
/// VideoRoom plugin), and serves /healthz, /readyz (the engine answers) and /metrics (its load) on the management port.
/// </summary>
public static class SfuHost
{
    /// <summary>
    /// Settings, lowest precedence first: the <paramref name="configFile"/> (JSON, section Sfu), environment variables
    /// (SFU_ROOM_ADMIN_KEY as it is, AIRWAVE_-prefixed ones such as AIRWAVE_Sfu__MediaPorts), then what
    /// <paramref name="configure"/> adds. A bad value throws a <see cref="SettingException"/>.
    /// </summary>
    public static WebApplication Build(string? configFile = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        });
        if (configFile is not null)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }

        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddEnvironmentVariables("AIRWAVE_");
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(json =>
        {
            json.UseUtcTimestamp = true;
            json.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });
        configure?.Invoke(builder);

        var settings = Settings.Bind<SfuSettings>(builder.Configuration, "Sfu");
        if (settings.EngineLogLevel is < 0 or > 7)
        {
            throw Settings.Invalid(builder.Configuration, "Sfu:EngineLogLevel", "a log level from 0 (none) to 7");
        }

        // The admin API answers only on loopback, to this process; its secret never leaves it.
        var adminSecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        JanusConfiguration.Write(settings, adminSecret, builder.Configuration[SfuSettings.RoomAdminKeyVariable]);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Parse(settings.BindAddress), settings.ManagementPort));

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new JanusAdmin(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{settings.AdminPort}/"), Timeout = TimeSpan.FromSeconds(5) }, adminSecret));
        services.AddSingleton<JanusProcess>();
        services.AddHostedService(sp => sp.GetRequiredService<JanusProcess>());
        services.AddSingleton<EngineLoad>();
        services.AddHostedService(sp => sp.GetRequiredService<EngineLoad>());
        services.AddLocalPortRouting();
        services.AddPrometheusExporter(exporter => exporter.Meters.Add("Airwave.*"));

        var app = builder.Build();
        app.MapGet("/healthz", (JanusProcess engine) => engine.IsRunning
            ? Results.Text("ok")
            : Results.Text("the media engine is not running", statusCode: StatusCodes.Status503ServiceUnavailable)).RequireLocalPort(settings.ManagementPort);
        app.MapGet("/readyz", (EngineLoad engine) => engine.IsReady
            ? Results.Text("ok")
            : Results.Text("the media engine does not answer yet", statusCode: StatusCodes.Status503ServiceUnavailable)).RequireLocalPort(settings.ManagementPort);
        app.MapPrometheusMetrics().RequireLocalPort(settings.ManagementPort);
        return app;
    }
}
