using System.Net;
using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Aws.Credentials;
using Airwave.Aws.Http;
using Airwave.Aws.Kms;
using Airwave.Aws.S3;
using Airwave.Configuration;
using Airwave.Hosting;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Hosting;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.Serialization;
using Airwave.Prometheus;
using Airwave.Webhook.Admission;
using Airwave.Webhook.Admission.Certificates;
using Airwave.Webhook.Callbacks;
using Airwave.Webhook.Configuration;
using Airwave.Webhook.ContentKeys;
using Airwave.Webhook.Keys;
using Airwave.Webhook.LivePlayback;
using Airwave.Webhook.PlaybackTokens;
using Airwave.Webhook.StreamApi;
using Airwave.Aws.Sts;
using Airwave.Webhook.Player;
using Airwave.Webhook.UploadPlayback;
using Airwave.Webhook.VideoPlayback;
using Airwave.Webhook.VideoUploads;
using Airwave.Webhook.Views;
using Airwave.Events.Kubernetes;
using Microsoft.Extensions.Configuration;
using Prometheus;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Airwave.Webhook.Hosting;

/// <summary>
/// The webhook process: provider callbacks on the public port (<see cref="WebhookSettings.CallbackPort"/>),
/// /healthz, /readyz, /metrics and the views open per stream (/v1/viewers) on the management port, and validating
/// admission over HTTPS on the admission port; the chart exposes neither of the last two outside the cluster.
/// </summary>
public static class WebhookHost
{
    /// <summary>
    /// Settings, lowest precedence first: the <paramref name="configFile"/> (JSON, section Webhook), environment
    /// variables (VIDEO_WEBHOOK_SECRET as it is, AIRWAVE_-prefixed ones such as AIRWAVE_Webhook__CallbackPort), then
    /// what <paramref name="configure"/> adds. A bad or missing value throws a <see cref="SettingException"/>.
    /// </summary>
    public static WebApplication Build(string? configFile = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = ServiceBuilder.Create(configFile, configure);

        var settings = Settings.Bind<WebhookSettings>(builder.Configuration, "Webhook");
        var admission = AddAdmissionCertificate(builder, settings);
        var secrets = (builder.Configuration[WebhookSettings.SecretVariable] ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (secrets.Length == 0 && !admission)
        {
            // Without admission either, the service would have nothing to do.
            throw new SettingException($"{WebhookSettings.SecretVariable} is not set: Mux callbacks cannot be verified without the webhook signing secret (several, separated by spaces, during a rotation)");
        }

        if (!settings.MuxCallbackPath.StartsWith('/') || settings.MuxCallbackPath.StartsWith("/v1/", StringComparison.Ordinal) || settings.MuxCallbackPath.Contains('{', StringComparison.Ordinal) || settings.MuxCallbackPath.Contains('?', StringComparison.Ordinal))
        {
            throw Settings.Invalid(builder.Configuration, "Webhook:MuxCallbackPath", "a path such as /callbacks/mux: starting with /, outside /v1/ (the service's own), without { or ?");
        }

        if (settings.MaxBodyBytes < 1024)
        {
            throw Settings.Invalid(builder.Configuration, "Webhook:MaxBodyBytes", "a number of bytes of at least 1024");
        }

        if (settings.MaxPlaylistBytes < 1024)
        {
            throw Settings.Invalid(builder.Configuration, "Webhook:MaxPlaylistBytes", "a number of bytes of at least 1024");
        }

        if (settings.CallbacksPerSecond < 1)
        {
            throw Settings.Invalid(builder.Configuration, "Webhook:CallbacksPerSecond", "a number of at least 1");
        }

        if (settings.PlaybackTokensPerCallerPerSecond < 1)
        {
            throw Settings.Invalid(builder.Configuration, "Webhook:PlaybackTokensPerCallerPerSecond", "a number of at least 1");
        }

        if (settings.ContentKeyRequestsPerAddressPerSecond < 1)
        {
            throw Settings.Invalid(builder.Configuration, "Webhook:ContentKeyRequestsPerAddressPerSecond", "a number of at least 1");
        }

        if (string.IsNullOrWhiteSpace(settings.PlaybackTokenAudience))
        {
            throw Settings.Invalid(builder.Configuration, "Webhook:PlaybackTokenAudience", "an audience callers' tokens are minted for");
        }

        ValidateViews(builder, settings.Views);
        ValidateStreamApi(builder, settings.StreamApi);
        var forwarded = TrustedProxies.ForwardedHeaders(settings.Views.TrustedProxies, "Webhook:Views:TrustedProxies");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var address = IPAddress.Parse(settings.BindAddress);
            kestrel.Listen(address, settings.CallbackPort);
            kestrel.Listen(address, settings.ManagementPort);
            if (admission)
            {
                var certificate = kestrel.ApplicationServices.GetRequiredService<IServingCertificate>();
                kestrel.Listen(address, settings.AdmissionPort, listen => listen.UseHttps(https => https.ServerCertificateSelector = (_, _) => certificate.Current()));
            }
        });
        AddServices(builder, settings, secrets);
        builder.Services.AddGeneratedHttpJson(
            AdmissionJson.Default,
            PlaybackTokenJson.Default,
            MultipartJson.Default,
            ViewJson.Default,
            StreamApiJson.Default);

        var app = builder.Build();
        app.UseForwardedHeaders(forwarded);
        app.UseCors();
        MuxCallbackEndpoint.Map(app, settings.MuxCallbackPath, settings.MaxBodyBytes).RequireLocalPort(settings.CallbackPort);
        PlaybackTokenEndpoint.Map(app, settings.MaxBodyBytes).RequireLocalPort(settings.CallbackPort);
        MultipartUploadEndpoints.Map(app, settings.MaxBodyBytes).RequireLocalPort(settings.CallbackPort);
        app.MapGet(
            UploadPlaylists.PathPrefix + "/{namespace}/{name}/{session}/{**path}",
            async (string @namespace, string name, string session, string path, HttpContext context, PlaylistLimiter limiter, UploadPlaylists uploads, CancellationToken cancellationToken) =>
                limiter.Refusal(context) ?? await uploads.ServeAsync(@namespace, name, session, path, context.Request.Query["expires"], context.Request.Query["signature"], cancellationToken))
            .RequireLocalPort(settings.CallbackPort);
        app.MapGet(
            SignedLivePlaylists.PathPrefix + "/{namespace}/{name}/{**path}",
            async (string @namespace, string name, string path, HttpContext context, PlaylistLimiter limiter, SignedLivePlaylists live, CancellationToken cancellationToken) =>
                limiter.Refusal(context) ?? await live.ServeAsync(@namespace, name, path, context.Request.Query["expires"], context.Request.Query["signature"], cancellationToken))
            .RequireLocalPort(settings.CallbackPort);
        app.MapGet(
            SignedVideoPlaylists.PathPrefix + "/{namespace}/{name}/{**path}",
            async (string @namespace, string name, string path, HttpContext context, PlaylistLimiter limiter, SignedVideoPlaylists videos, CancellationToken cancellationToken) =>
                limiter.Refusal(context) ?? await videos.ServeAsync(@namespace, name, path, context.Request.Query["expires"], context.Request.Query["signature"], cancellationToken))
            .RequireLocalPort(settings.CallbackPort);
        ViewEndpoints.Map(app).RequireLocalPort(settings.CallbackPort);
        foreach (var endpoint in SpekeEndpoints.Map(app, settings.MaxBodyBytes))
        {
            endpoint.RequireLocalPort(settings.CallbackPort);
        }

        if (settings.StreamApi.Enabled)
        {
            foreach (var endpoint in StreamApiEndpoints.Map(app, settings.MaxBodyBytes))
            {
                endpoint.RequireLocalPort(settings.CallbackPort);
            }
        }

        PlayerEndpoints.Map(app, settings.CallbackPort);
        if (admission)
        {
            AdmissionEndpoint.Map(app).RequireLocalPort(settings.AdmissionPort);
        }

        app.MapGet("/healthz", () => Results.Text("ok")).RequireLocalPort(settings.ManagementPort);
        var servingCertificate = app.Services.GetService<IServingCertificate>();
        app.MapGet("/readyz", (Informer<VideoAssetTrigger.VideoAssetRef> assets) =>
            !assets.HasSynced ? Results.Text("the VideoAsset cache has not synced yet", statusCode: StatusCodes.Status503ServiceUnavailable)
            : servingCertificate is not null && servingCertificate.Current() is null ? Results.Text("the admission certificate has not been issued yet", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("ok")).RequireLocalPort(settings.ManagementPort);
        app.MapPrometheusMetrics().RequireLocalPort(settings.ManagementPort);

        // What the operator reads for status.viewers: no more than /metrics beside it tells (it is not capped, as
        // airwave_viewers is), and bounded by Webhook:Views:MaxOpenViews.
        app.MapGet(ViewerReport.Path, (ViewRegistry views) => Results.Json(views.LiveStreamViewers(), ApiJsonContext.Default.ViewerReport)).RequireLocalPort(settings.ManagementPort);
        return app;
    }

    private static void ValidateViews(WebApplicationBuilder builder, ViewSettings views)
    {
        foreach (var (key, value) in new[]
        {
            ("MaxOpenViews", views.MaxOpenViews), ("MaxEventsPerBeacon", views.MaxEventsPerBeacon), ("BeaconsPerViewPerSecond", views.BeaconsPerViewPerSecond),
            ("OpensPerAddressPerMinute", views.OpensPerAddressPerMinute), ("MaxViewerSeries", views.MaxViewerSeries),
        })
        {
            if (value < 1)
            {
                throw Settings.Invalid(builder.Configuration, "Webhook:Views:" + key, "a number of at least 1");
            }
        }

        if (views.MaxBeaconBytes < 1024)
        {
            throw Settings.Invalid(builder.Configuration, "Webhook:Views:MaxBeaconBytes", "a number of bytes of at least 1024");
        }

        if (views.HeartbeatInterval <= TimeSpan.Zero || views.IdleTimeout < 2 * views.HeartbeatInterval)
        {
            throw new SettingException($"Webhook:Views:IdleTimeout ({views.IdleTimeout}) must be at least twice Webhook:Views:HeartbeatInterval ({views.HeartbeatInterval}), which must be positive: a view whose heartbeat is a little late must not end");
        }

        foreach (var origin in views.ExternalOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.GetLeftPart(UriPartial.Authority) != origin.TrimEnd('/'))
            {
                throw new SettingException($"Webhook:Views:ExternalOrigins has \"{origin}\": each entry is a page origin as browsers send it, such as https://www.example.com");
            }
        }
    }

    private static void ValidateStreamApi(WebApplicationBuilder builder, StreamApiSettings streamApi)
    {
        if (!streamApi.Enabled)
        {
            return;
        }

        if (streamApi.CredentialSeconds is < 900 or > 43200)
        {
            throw Settings.Invalid(builder.Configuration, "Webhook:StreamApi:CredentialSeconds", "a number of seconds from 900 to 43200, as STS issues credentials");
        }

        if (streamApi.CallsPerCallerPerMinute < 1)
        {
            throw Settings.Invalid(builder.Configuration, "Webhook:StreamApi:CallsPerCallerPerMinute", "a number of at least 1");
        }

        foreach (var (key, value) in new[] { ("StartTimeout", streamApi.StartTimeout), ("StopTimeout", streamApi.StopTimeout) })
        {
            if (value < TimeSpan.FromSeconds(1) || value > TimeSpan.FromMinutes(5))
            {
                throw Settings.Invalid(builder.Configuration, "Webhook:StreamApi:" + key, "a duration from 1 second to 5 minutes (hh:mm:ss)");
            }
        }
    }

    /// <summary>Registers the admission port's certificate (mounted files or self-issued); false when there is none, and so no admission port.</summary>
    private static bool AddAdmissionCertificate(WebApplicationBuilder builder, WebhookSettings settings)
    {
        var issuer = settings.AdmissionIssuer;
        if (settings.AdmissionCertificateFile.Length > 0 && issuer.IsSet)
        {
            throw new SettingException("Webhook:AdmissionCertificateFile and Webhook:AdmissionIssuer:Secret are both set: the admission certificate comes either from files (cert-manager) or from the service itself, not both");
        }

        if (settings.AdmissionCertificateFile.Length > 0)
        {
            builder.Services.AddSingleton<IServingCertificate>(new MountedCertificate(settings.AdmissionCertificateFile, settings.AdmissionKeyFile));
            return true;
        }

        if (!issuer.IsSet)
        {
            return false;
        }

        foreach (var (key, value) in new[] { ("Namespace", issuer.Namespace), ("Service", issuer.Service), ("WebhookConfiguration", issuer.WebhookConfiguration) })
        {
            if (value.Length == 0)
            {
                throw new SettingException($"Webhook:AdmissionIssuer:{key} is not set: a self-issued admission certificate needs the Secret's namespace, the Service the API server calls and the ValidatingWebhookConfiguration to trust it");
            }
        }

        if (issuer.Lifetime < TimeSpan.FromSeconds(3))
        {
            throw Settings.Invalid(builder.Configuration, "Webhook:AdmissionIssuer:Lifetime", "a duration of at least 3 seconds (hh:mm:ss or d.hh:mm:ss)");
        }

        builder.Services.AddSingleton(issuer);
        builder.Services.AddSingleton<CertificateRotator>();
        builder.Services.AddSingleton<IServingCertificate>(sp => sp.GetRequiredService<CertificateRotator>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CertificateRotator>());
        return true;
    }

    private static void AddServices(WebApplicationBuilder builder, WebhookSettings settings, string[] secrets)
    {
        var services = builder.Services;
        var kubeconfig = builder.Configuration["Kubernetes:Kubeconfig"];
        services.AddSingleton(TimeProvider.System);
        services.AddKubernetesClient(_ => KubernetesAccess.Configuration(kubeconfig), client => client with { Json = KubernetesJson.CreateOptions(ApiJsonContext.Default, VideoAssetRefJson.Default) });
        services.AddSingleton(sp => new Informer<VideoAssetTrigger.VideoAssetRef>(
            sp.GetRequiredService<KubernetesClient>(),
            VideoAssetTrigger.VideoAssets,
            new InformerOptions { Namespaces = settings.WatchNamespaces }));
        services.AddControllerManager(sp => new ControllerManager(
            [sp.GetRequiredService<Informer<VideoAssetTrigger.VideoAssetRef>>()],
            [],
            null,
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new MuxSignature(secrets, settings.SignatureTolerance, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(new RecentEventIds(settings.RememberedEvents));
        services.AddSingleton<VideoAssetTrigger>();
        services.AddSingleton(sp => new CallerReview(sp.GetRequiredService<KubernetesClient>(), settings.PlaybackTokenAudience));
        services.AddSingleton(new PlaybackTokenLimiter(settings.PlaybackTokensPerCallerPerSecond));
        services.AddSingleton(new CallbackLimiter(settings.CallbacksPerSecond));
        services.AddSingleton(settings.VideoUploads);
        services.AddSingleton(new VideoUploadLimiter(settings.VideoUploads.RequestsPerCallerPerSecond));
        services.AddSingleton<UploadTargets>();
        services.AddSingleton(settings);
        var aws = Settings.Bind<AwsSettings>(builder.Configuration, "Aws");
        services.TryAddSingleton(aws.Credentials());
        services.AddSingleton(sp => S3ClientFactory.Create(aws.ClientOptions(), sp.GetRequiredService<ICredentialsProvider>()));
        services.AddSingleton<S3Presigner>();
        services.AddSingleton(new PlaylistLimiter(settings.PlaylistRequestsPerAddressPerSecond));
        services.AddSingleton<PlaylistKey>();
        services.AddSingleton<CloudFrontPlaybackKey>();
        services.AddSingleton<UploadPlaylists>();
        services.AddSingleton(sp => new SignedLivePlaylists(
            sp.GetRequiredService<KubernetesClient>(),
            new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(3), PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(5) },
            sp.GetRequiredService<PlaylistKey>(),
            sp.GetRequiredService<CloudFrontPlaybackKey>(),
            settings,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(settings.SignedVideos);
        services.AddSingleton<SignedVideoPlaylists>();
        var policy = Settings.Bind<InstallationPolicy>(builder.Configuration, "Operator");
        if (settings.StreamApi.Enabled)
        {
            // The upload role and the API keys' namespaces are the operator's settings: apps get credentials of the role
            // their streams' Secrets hold, with the keys the operator made.
            services.AddSingleton(settings.StreamApi with
            {
                UploadRoleArn = builder.Configuration["Operator:Upload:RoleArn"],
                KeyNamespaces = policy.StreamApiKeyNamespaces,
            });
            services.AddSingleton<StreamApiKeys>();
            services.AddSingleton(aws);
            services.AddSingleton<IStsClient>(sp => new StsClient(aws.ClientOptions(), sp.GetRequiredService<ICredentialsProvider>()));
            services.AddSingleton(new StreamApiLimiter(settings.StreamApi.CallsPerCallerPerMinute));
            services.AddSingleton<UploadStreams>();
        }

        services.AddSingleton(sp => new KmsEnvelope(aws.ClientOptions(), sp.GetRequiredService<ICredentialsProvider>()));
        services.AddSingleton<ContentKeySource>();
        services.AddSingleton<SpekeCaller>();
        services.AddSingleton(new ContentKeyLimiter(settings.ContentKeyRequestsPerAddressPerSecond));
        services.AddCors(cors => cors.AddPolicy(SpekeEndpoints.CorsPolicy, policy => policy.AllowAnyOrigin().WithMethods("GET").SetPreflightMaxAge(TimeSpan.FromHours(1))));
        services.AddSingleton(policy);
        services.AddSingleton<SpecAdmission>();
        AddViews(services, builder.Configuration, settings.Views);
        services.AddLocalPortRouting();
        services.AddPrometheusMetrics();
        services.AddOtlpRequestTracing(builder.Configuration, "airwave-webhook");
    }

    /// <summary>Views from players on any page (CORS, no credentials), their events published into the operator's outbox.</summary>
    private static void AddViews(IServiceCollection services, IConfiguration configuration, ViewSettings views)
    {
        services.AddSingleton(views);
        services.AddSingleton<ViewTokenKey>();
        services.AddSingleton<ViewTargets>();
        services.AddSingleton(new ViewOpenLimiter(views.OpensPerAddressPerMinute));
        services.AddSingleton(sp => new ViewMetrics(sp.GetRequiredService<IMetricFactory>(), views));
        services.AddSingleton<ViewRegistry>();
        services.AddHostedService(sp => sp.GetRequiredService<ViewRegistry>());
        services.AddDownstreamPublishing(configuration);
        services.AddCors(cors => cors.AddPolicy(ViewEndpoints.CorsPolicy, policy => policy
            .AllowAnyOrigin()
            .WithMethods("POST")
            .WithHeaders(["Content-Type", .. Cmcd.HeaderNames])
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));
    }
}
