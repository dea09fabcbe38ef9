using System.Globalization;
using Airwave.Configuration;
using Airwave.Events.Hosting;
using Airwave.Events.Signing;
using Airwave.Events.Sinks;
using Airwave.Hosting;
using Airwave.Hosting.WebRtc;
using Airwave.Prometheus;
using Airwave.Signaling.Broadcasts;
using Airwave.Signaling.Configuration;
using Airwave.Signaling.Connections;
using Airwave.Signaling.Embed;
using Airwave.Signaling.Events;
using Airwave.Signaling.Ice;
using Airwave.Signaling.Identity;
using Airwave.Signaling.Limits;
using Airwave.Signaling.Metrics;
using Airwave.Signaling.Routing;
using Airwave.Signaling.SfuRouting;
using Airwave.Signaling.SiteApi;
using Airwave.Signaling.Sites;
using Airwave.Signaling.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Airwave.Signaling.Hosting;

/// <summary>
/// The signaling process: browsers and the sites' servers on the public port (<see cref="SignalingSettings.PublicPort"/>),
/// the admin API, /healthz, /readyz and /metrics on the management port, which the chart does not expose outside the cluster.
/// </summary>
public static class SignalingHost
{
    /// <summary>
    /// Settings, lowest precedence first: the <paramref name="configFile"/> (JSON, section Signaling), environment
    /// variables (SIGNALING_ADMIN_TOKEN as it is, AIRWAVE_-prefixed ones such as AIRWAVE_Signaling__Database__Provider),
    /// then what <paramref name="configure"/> adds. A bad value throws a <see cref="SettingException"/>.
    /// </summary>
    public static WebApplication Build(string? configFile = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = ServiceBuilder.Create(configFile, configure);

        var settings = Settings.Bind<SignalingSettings>(builder.Configuration, "Signaling");
        if (string.IsNullOrWhiteSpace(settings.Database.ConnectionString))
        {
            throw Settings.Invalid(builder.Configuration, "Signaling:Database:ConnectionString", "a connection string");
        }

        if (settings.Sfu.ApiPort is < 1 or > 65535)
        {
            throw Settings.Invalid(builder.Configuration, "Signaling:Sfu:ApiPort", "a port number from 1 to 65535");
        }

        if (settings.Sfu.BroadcastKey is { } broadcastKey && broadcastKey.Length < Airwave.Api.LiveStreams.BroadcastKey.MinimumSharedKeyLength)
        {
            throw new SettingException($"Signaling:Sfu:BroadcastKey is {broadcastKey.Length} characters long: it needs at least {Airwave.Api.LiveStreams.BroadcastKey.MinimumSharedKeyLength} (for example 32 random bytes in hex), the same as the operator's Operator:Sfu:BroadcastKey");
        }

        if (string.IsNullOrWhiteSpace(settings.Sfu.PodsHost))
        {
            throw Settings.Invalid(builder.Configuration, "Signaling:Sfu:PodsHost", "a host name, such as {service}.{namespace}.svc.cluster.local");
        }

        if (settings.Sessions.MaxSocketsPerAddress < 1)
        {
            throw Settings.Invalid(builder.Configuration, "Signaling:Sessions:MaxSocketsPerAddress", "a number of at least 1");
        }

        if (settings.Views.MaxEventsPerFrame < 1)
        {
            throw Settings.Invalid(builder.Configuration, "Signaling:Views:MaxEventsPerFrame", "a number of at least 1");
        }

        if (settings.Sfu.NewSessionsPerAddressPerMinute < 1)
        {
            throw Settings.Invalid(builder.Configuration, "Signaling:Sfu:NewSessionsPerAddressPerMinute", "a number of at least 1");
        }

        var forwarded = TrustedProxies.ForwardedHeaders(settings.TrustedProxies, "Signaling:TrustedProxies");
        var downstream = DownstreamOptions.From(builder.Configuration);
        RequireInlineSecrets(downstream);

        builder.WebHost.UseUrls(
            $"http://{settings.BindAddress}:{settings.PublicPort.ToString(CultureInfo.InvariantCulture)}",
            $"http://{settings.BindAddress}:{settings.ManagementPort.ToString(CultureInfo.InvariantCulture)}");
        var services = builder.Services;
        services.AddSingleton(settings);
        // A test may have put its own clock in first.
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => SignalingDatabase.Create(settings.Database.Provider, settings.Database.ConnectionString));
        services.AddSingleton<Migrator>();
        services.AddSingleton<SiteStore>();
        services.AddSingleton<SettingsSites>();
        services.AddSingleton<SiteTokens>();
        services.AddSingleton<Readiness>();
        services.AddSingleton(settings.Sessions);
        services.AddSingleton(new AddressSlots(settings.Sessions.MaxSocketsPerAddress));
        services.AddSingleton<BroadcastStore>();
        services.AddSingleton<TimeLedger>();
        services.AddSingleton(sp => new SignalingMetrics(sp.GetRequiredService<IMetricFactory>()));
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton(sp => new IceServers(settings.Ice, builder.Configuration[SignalingSettings.TurnSecretVariable], sp.GetRequiredService<TimeProvider>()));
        AddEvents(services, downstream);
        services.AddSingleton<BroadcastLifecycle>();
        services.AddSingleton<SfuFrames>();
        services.AddSingleton(settings.Views);
        services.AddSingleton<ViewFrames>();
        services.AddSingleton<WatchFrames>();
        services.AddSingleton<BroadcasterFrames>();
        services.AddSingleton<RelayFrames>();
        services.AddSingleton<PresenceFrames>();
        services.AddSingleton<FrameHandler>();
        services.AddSingleton<SessionSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionSweeper>());
        if (settings.Database.Provider == DatabaseProvider.PostgreSql)
        {
            services.AddSingleton<PostgresPeerBus>();
            services.AddSingleton<IPeerBus>(sp => sp.GetRequiredService<PostgresPeerBus>());
            services.AddHostedService(sp => sp.GetRequiredService<PostgresPeerBus>());
        }
        else
        {
            services.AddSingleton<IPeerBus, LocalPeerBus>();
        }

        services.AddSingleton(settings.Sfu);
        services.TryAddSingleton<ISfuPodAddresses, DnsSfuPodAddresses>();
        services.AddSingleton<BroadcastGrants>();
        services.AddSingleton<ViewerGrants>();
        services.AddSingleton<StreamViewerTokens>();
        // No redirects or cookies: a pod answers by status, and only the publisher's own headers are passed on.
        services.AddSingleton(sp => new SfuProxy(sp.GetRequiredService<ISfuPodAddresses>(), settings.Sfu, sp.GetRequiredService<BroadcastGrants>(), sp.GetRequiredService<ViewerGrants>(), sp.GetRequiredService<StreamViewerTokens>(), sp.GetRequiredService<BroadcastStore>(), sp.GetRequiredService<IceServers>(), new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = Timeout.InfiniteTimeSpan }, sp.GetRequiredService<SignalingMetrics>(), sp.GetRequiredService<ILogger<SfuProxy>>()));
        services.AddWhipCors();
        services.AddSfuSessionLimit(settings.Sfu.NewSessionsPerAddressPerMinute);
        services.AddLocalPortRouting();
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddGeneratedHttpJson(SiteJson.Default, SiteApiJson.Default);
        services.AddPrometheusMetrics();
        services.AddOtlpRequestTracing(builder.Configuration, "airwave-signaling");

        var app = builder.Build();
        var publicPort = settings.PublicPort;
        var managementPort = settings.ManagementPort;
        app.UseForwardedHeaders(forwarded);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
        app.UseCors();
        app.UseRateLimiter();
        app.MapOpenApi().RequireLocalPort(publicPort);
        WebSocketEndpoint.Map(app).RequireLocalPort(publicPort);
        SiteApiEndpoints.Map(app).RequireLocalPort(publicPort);
        EmbedScriptEndpoint.Map(app).RequireLocalPort(publicPort);
        SfuEndpoints.Map(app).RequireLocalPort(publicPort);
        SiteAdminEndpoints.Map(app, builder.Configuration[SignalingSettings.AdminTokenVariable]).RequireLocalPort(managementPort);
        app.MapGet("/healthz", () => Results.Text("ok")).RequireLocalPort(managementPort).ExcludeFromDescription();
        app.MapGet("/readyz", async (Readiness readiness, CancellationToken cancellationToken) => await readiness.CheckAsync(cancellationToken) is { } problem
            ? Results.Text(problem, statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("ok")).RequireLocalPort(managementPort).ExcludeFromDescription();
        app.MapPrometheusMetrics().RequireLocalPort(managementPort);
        return app;
    }

    /// <summary>
    /// Events to the sites' own services (DOWNSTREAM_SERVICE_* and the Downstream section, as for the operator): kept
    /// in the database's outbox and delivered by the one replica that holds the delivery lease.
    /// </summary>
    private static void AddEvents(IServiceCollection services, DownstreamOptions downstream)
    {
        services.AddSingleton<DatabaseOutbox>();
        services.AddSingleton<DeliveryLease>();
        if (downstream.Enabled)
        {
            services.AddHostedService(sp => sp.GetRequiredService<DeliveryLease>());
        }

        services.AddSingleton<ISigningSecretSource>(new ConfiguredSigningSecret(downstream.SigningSecret));
        services.AddSingleton<ISinkTokenSource, InlineSinkTokens>();
        services.AddDownstreamDelivery(downstream, sp => sp.GetRequiredService<DatabaseOutbox>(), sp =>
        {
            var lease = sp.GetRequiredService<DeliveryLease>();
            return () => lease.IsHeld;
        });
        services.AddSingleton<BroadcastEvents>();
    }

    /// <summary>The service reads no Kubernetes Secrets: what the operator may take from one must be given as a value here.</summary>
    private static void RequireInlineSecrets(DownstreamOptions downstream)
    {
        if (downstream.Enabled && string.IsNullOrWhiteSpace(downstream.SigningSecret))
        {
            throw new SettingException("DOWNSTREAM_SERVICE_SIGNING_SECRET is needed to send events: every delivery is signed, and the signaling service does not generate a secret (give it the operator's, so your receivers verify both with one)");
        }

        if (downstream.Enabled)
        {
            try
            {
                WebhookSecret.ParseList(downstream.SigningSecret!);
            }
            catch (FormatException e)
            {
                throw new SettingException($"DOWNSTREAM_SERVICE_SIGNING_SECRET: {e.Message}");
            }
        }

        if (downstream.Sinks.FirstOrDefault(s => s.TokenSecretRef is not null) is { } sink)
        {
            throw new SettingException($"Downstream:Sinks: sink \"{sink.Name}\" takes its token from a Secret, which the signaling service does not read: give the token itself (Token)");
        }
    }

    /// <summary>
    /// What must hold before the service takes requests: the database at this build's schema and the sites file's
    /// sites in it. Throws what went wrong (a <see cref="SettingException"/> for the sites file).
    /// </summary>
    public static async Task PrepareAsync(WebApplication app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        var settings = app.Services.GetRequiredService<SignalingSettings>();
        var sites = settings.SitesFile.Length > 0 ? SitesFile.Load(settings.SitesFile) : null;
        await app.Services.GetRequiredService<Migrator>().MigrateAsync(cancellationToken);
        if (sites is not null)
        {
            await app.Services.GetRequiredService<SettingsSites>().ApplyAsync(sites, cancellationToken);
        }

        app.Services.GetRequiredService<Readiness>().Prepared = true;
    }

    /// <summary><see cref="PrepareAsync"/>, then the server.</summary>
    public static async Task StartAsync(WebApplication app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        await PrepareAsync(app, cancellationToken);
        await app.StartAsync(cancellationToken);
    }
}
