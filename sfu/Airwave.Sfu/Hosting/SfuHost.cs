using System.Net;
using System.Security.Cryptography;
using Airwave.Configuration;
using Airwave.Hosting;
using Airwave.Hosting.WebRtc;
using Airwave.Prometheus;
using Airwave.Sfu.Load;
using Airwave.Sfu.Configuration;
using Airwave.Sfu.Drain;
using Airwave.Sfu.Forwarding;
using Airwave.Sfu.Janus;
using Airwave.Sfu.Relay;
using Airwave.Sfu.Supervision;
using Airwave.Sfu.Turn;
using Airwave.Sfu.Whep;
using Airwave.Sfu.Whip;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Airwave.Sfu.Hosting;

/// <summary>
/// An SFU pod's process: renders the media engine's configuration from its settings, runs the engine (Janus with its
/// VideoRoom plugin) and, with a TURN secret, the TURN server that makes the pod's media one UDP port; opens the
/// stream's room; serves WHIP and WHEP on the API port, and /healthz, /readyz (the engine answers and the room is open) and
/// /metrics (its load) on the management port.
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
        var builder = ServiceBuilder.Create(configFile, configure);

        var settings = Settings.Bind<SfuSettings>(builder.Configuration, "Sfu").WithEnginePortsPicked();
        if (settings.EngineLogLevel is < 0 or > 7)
        {
            throw Settings.Invalid(builder.Configuration, "Sfu:EngineLogLevel", "a log level from 0 (none) to 7");
        }

        // The admin API answers only on loopback, to this process; its secret never leaves it.
        var adminSecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        JanusConfiguration.Write(settings, adminSecret, builder.Configuration[SfuSettings.RoomAdminKeyVariable]);
        var forwardUrl = ForwardUrl(SfuSettings.ForwardUrlVariable, builder.Configuration[SfuSettings.ForwardUrlVariable]);
        var forwardBackupUrl = ForwardUrl(SfuSettings.ForwardBackupUrlVariable, builder.Configuration[SfuSettings.ForwardBackupUrlVariable]);
        if (forwardBackupUrl is not null && forwardUrl is null)
        {
            throw new SettingException($"{SfuSettings.ForwardBackupUrlVariable} is set without {SfuSettings.ForwardUrlVariable}: a backup target goes with a primary one");
        }

        var turnSecret = builder.Configuration[SfuSettings.TurnSecretVariable];
        var turnConfiguration = turnSecret is { Length: > 0 } ? TurnConfiguration.Write(settings, turnSecret) : null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Parse(settings.ListenAddress), settings.ApiPort);
            kestrel.Listen(IPAddress.Parse(settings.ListenAddress), settings.ManagementPort);
        });

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new TurnLinks(settings, turnSecret, sp.GetRequiredService<TimeProvider>()));
        // A session's long poll is held up to 30 seconds by the engine.
        services.AddSingleton(new JanusApi(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{settings.EnginePort}/janus/"), Timeout = TimeSpan.FromSeconds(45) }));
        var roomAdminKey = builder.Configuration[SfuSettings.RoomAdminKeyVariable];
        services.AddSingleton(sp => new StreamRoom(
            sp.GetRequiredService<JanusApi>(),
            roomAdminKey,
            forwardUrl is null ? settings.KeyframeInterval : settings.ForwardKeyframeInterval,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<StreamRoom>>()));
        services.AddHostedService(sp => sp.GetRequiredService<StreamRoom>());
        services.AddSingleton<EngineSessions>();
        services.AddSingleton<WhipPublishing>();
        services.AddSingleton<WhepViewing>();
        services.AddSingleton<PodDrain>();
        services.AddSingleton<RemotePublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<RemotePublisher>());
        if (settings.PeersHost.Length > 0)
        {
            if (!IPAddress.TryParse(settings.PodAddress, out _) || roomAdminKey is not { Length: > 0 })
            {
                throw new SettingException($"Sfu:PeersHost is set, which needs the pod's own address (Sfu:PodAddress, now \"{settings.PodAddress}\") and the room admin key ({SfuSettings.RoomAdminKeyVariable}) the stream's pods share");
            }

            services.TryAddSingleton<ISfuPeers>(new DnsSfuPeers(settings.PeersHost));
            services.AddSingleton(sp => new PeerRelay(
                sp.GetRequiredService<WhipPublishing>(),
                sp.GetRequiredService<ISfuPeers>(),
                sp.GetRequiredService<JanusApi>(),
                new HttpClient { Timeout = TimeSpan.FromSeconds(5) },
                settings,
                roomAdminKey,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<PeerRelay>>()));
            services.AddHostedService(sp => sp.GetRequiredService<PeerRelay>());
        }

        if (forwardUrl is not null)
        {
            services.AddSingleton(sp => new RtmpForward(
                settings,
                forwardBackupUrl is null ? [forwardUrl] : [forwardUrl, forwardBackupUrl],
                sp.GetRequiredService<WhipPublishing>(),
                sp.GetRequiredService<JanusApi>(),
                roomAdminKey,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<RtmpForward>>(),
                sp.GetRequiredService<CollectorRegistry>()));
            services.AddHostedService(sp => sp.GetRequiredService<RtmpForward>());
        }

        services.AddSingleton(new JanusAdmin(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{settings.AdminPort}/"), Timeout = TimeSpan.FromSeconds(5) }, adminSecret));
        Supervise(services, settings, EngineLoad.EngineName, settings.JanusPath, ["--configs-folder", settings.ConfigFolder, "--disable-colors"]);
        if (turnConfiguration is not null)
        {
            Supervise(services, settings, "turnserver", settings.TurnServerPath, ["-c", turnConfiguration]);
        }

        services.AddSingleton<EngineLoad>();
        services.AddHostedService(sp => sp.GetRequiredService<EngineLoad>());
        services.AddLocalPortRouting();
        services.AddPrometheusMetrics();
        services.AddWhipCors();

        var app = builder.Build();
        app.UseCors();

        // Made now, so that its gauge is there from the start: the operator reads it to know the pod has heard.
        app.Services.GetRequiredService<PodDrain>();
        app.MapGet("/healthz", (IEnumerable<SupervisedProcess> children) => children.FirstOrDefault(c => !c.IsRunning) is { } stopped
            ? Results.Text($"{stopped.Name} is not running", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("ok")).RequireLocalPort(settings.ManagementPort);
        app.MapGet("/readyz", (EngineLoad engine) => engine.IsReady
            ? Results.Text("ok")
            : Results.Text("the media engine does not answer yet, or the stream's room is not open", statusCode: StatusCodes.Status503ServiceUnavailable)).RequireLocalPort(settings.ManagementPort);
        app.MapWhip(builder.Configuration[SfuSettings.PublishKeyVariable], builder.Configuration[SfuSettings.BroadcastKeyVariable]).RequireLocalPort(settings.ApiPort).RequireWhipCors();
        app.MapWhep(builder.Configuration[SfuSettings.BroadcastKeyVariable], settings.PrivateViewing).RequireLocalPort(settings.ApiPort).RequireWhipCors();
        app.MapRelay(roomAdminKey).RequireLocalPort(settings.ApiPort);
        app.MapPodStatus().RequireLocalPort(settings.ApiPort);
        PodDrain.MapDrain(app, roomAdminKey).RequireLocalPort(settings.ManagementPort);
        app.MapPrometheusMetrics().RequireLocalPort(settings.ManagementPort);
        return app;
    }

    /// <summary>A forward URL, when set: absolute rtmp or rtmps (a <see cref="SettingException"/> names the variable, never its value: it holds a key).</summary>
    private static Uri? ForwardUrl(string variable, string? value) =>
        value is not { Length: > 0 } ? null
            : Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "rtmp" or "rtmps" && url.AbsolutePath.Trim('/').Contains('/', StringComparison.Ordinal)
                ? url
                : throw new SettingException($"{variable} is not an RTMP URL with an application and a stream key (rtmp://host/app/key); its value is not shown, as it holds the key");

    /// <summary>Runs the program as a child of this process for as long as it runs (<see cref="SupervisedProcess"/>).</summary>
    private static void Supervise(IServiceCollection services, SfuSettings settings, string name, string path, string[] arguments)
    {
        services.AddSingleton(sp => new SupervisedProcess(
            name,
            path,
            arguments,
            settings.StopTimeout,
            sp.GetRequiredService<IHostApplicationLifetime>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger($"Airwave.Sfu.{name}")));
        services.AddSingleton<IHostedService>(sp => sp.GetServices<SupervisedProcess>().Single(p => p.Name == name));
    }
}
