using Airwave.Api.ArchiveSplits;
using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Api.VideoAssets;
using Airwave.Aws.CloudFront;
using Airwave.Aws.CloudWatch;
using Airwave.Aws.SecretsManager;
using Airwave.Aws.Credentials;
using Airwave.Aws.Kms;
using Airwave.Aws.Errors;
using Airwave.Aws.Http;
using Airwave.Aws.Ivs;
using Airwave.Aws.MediaLive;
using Airwave.Aws.MediaPackage;
using Airwave.Aws.S3;
using Airwave.Aws.Sts;
using Airwave.Configuration;
using Airwave.Events.Kubernetes;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Events;
using Airwave.Kubernetes.Hosting;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.LeaderElection;
using Airwave.Kubernetes.Metrics;
using Airwave.Kubernetes.Serialization;
using Airwave.Mux;
using Airwave.Mux.Http;
using Airwave.Mux.Playback;
using Airwave.Mux.Signing;
using Airwave.Operator.ArchiveSplits;
using Airwave.Operator.ArchiveSplits.Recording;
using Airwave.Operator.Configuration;
using Airwave.Operator.Kubernetes;
using Airwave.Operator.LiveStreams;
using Airwave.Operator.LiveStreams.Connector;
using Airwave.Operator.LiveStreams.Encryption;
using Airwave.Operator.LiveStreams.Cost;
using Airwave.Operator.LiveStreams.Ivs;
using Airwave.Operator.LiveStreams.Memory;
using Airwave.Operator.LiveStreams.Pipeline;
using Airwave.Operator.LiveStreams.Resources;
using Airwave.Operator.LiveStreams.Sfu;
using Airwave.Operator.LiveStreams.Uploads;
using Airwave.Operator.LiveStreams.Viewers;
using Airwave.Operator.NamespaceAccess;
using Airwave.Operator.Reconciliation;
using Airwave.Operator.Spending;
using Airwave.Operator.VideoAssets;
using Airwave.Operator.VideoAssets.AwsHosting;
using Airwave.Operator.VideoAssets.MuxHosting;
using Airwave.Prometheus;
using Airwave.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Airwave.Operator.Hosting;

/// <summary>The operator's composition: configuration, the Kubernetes and AWS clients, informers and controllers.</summary>
public static class OperatorServices
{
    public static IServiceCollection AddAirwaveOperator(this IServiceCollection services, IConfiguration configuration)
    {
        var options = OperatorOptionsReader.Read(configuration);
        var awsSettings = Settings.Bind<AwsSettings>(configuration, "Aws");
        var election = Settings.Bind<LeaderElectionSettings>(configuration, "LeaderElection").Validated();
        var kubeconfig = configuration["Kubernetes:Kubeconfig"];
        var identity = $"{Environment.GetEnvironmentVariable("POD_NAME") ?? Environment.MachineName}_{Guid.NewGuid().ToString("N")[..8]}";

        // The app uploads to the archive buckets, in the region the operator works in.
        services.AddSingleton(options with { Upload = options.Upload with { Region = awsSettings.Region } });
        services.AddSingleton(options.Speke);
        services.AddSingleton(options.CdnAuthorization);
        services.TryAddSingleton(TimeProvider.System);

        services.AddPrometheusMetrics();
        services.AddSingleton(sp => new KubernetesMetrics(sp.GetRequiredService<IMetricFactory>()));
        services.AddSingleton(_ => KubernetesAccess.Configuration(kubeconfig));
        services.AddSingleton(sp => new KubernetesClient(
            sp.GetRequiredService<k8s.KubernetesClientConfiguration>(),
            new KubernetesClientOptions
            {
                Json = KubernetesJson.CreateOptions(ApiJsonContext.Default),
                Metrics = sp.GetRequiredService<KubernetesMetrics>(),
                LoggerFactory = sp.GetRequiredService<ILoggerFactory>(),
                TimeProvider = sp.GetRequiredService<TimeProvider>(),
                UserAgent = UserAgent(identity),
                Handlers = LeaderOnlyWrites(sp),
            }));
        services.AddSingleton<NamespaceWriteAccess>();
        services.AddSingleton(sp => new EventRecorder(sp.GetRequiredService<KubernetesClient>(), AirwaveResources.ControllerName, identity));
        services.AddSingleton<ReconcilerBasics>();

        AddAws(services, awsSettings, identity);
        AddLiveStreams(services);
        AddViewerCounts(services, options.Viewers);
        AddVideoAssets(services, configuration, identity);
        AddArchiveSplits(services);
        services.AddDownstreamEvents(configuration);

        if (election.Enabled)
        {
            AddLeaderElection(services, election, identity);
        }

        services.AddControllerManager(sp => new ControllerManager(
            [.. sp.GetServices<IInformer>()],
            [.. sp.GetServices<IController>()],
            sp.GetService<LeaderElector>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService<InstallationSecrets>();
        services.AddHealthChecks().AddCheck<InformersReady>("informers", tags: ["ready"]);
        services.AddOtlpTracing(configuration, "airwave-operator");
        return services;
    }

    private static void AddLeaderElection(IServiceCollection services, LeaderElectionSettings election, string identity) =>
        services.AddSingleton(sp =>
        {
            // A client of its own, as client-go gives leader election: the lease is written past the check that
            // only the leader writes, and its renewals never queue behind the controllers' requests.
            var configuration = sp.GetRequiredService<k8s.KubernetesClientConfiguration>();
            var client = new KubernetesClient(configuration, new KubernetesClientOptions
            {
                Metrics = sp.GetRequiredService<KubernetesMetrics>(),
                LoggerFactory = sp.GetRequiredService<ILoggerFactory>(),
                TimeProvider = sp.GetRequiredService<TimeProvider>(),
                UserAgent = UserAgent(identity),
            });
            return new LeaderElector(client, new LeaderElectionOptions
            {
                LeaseName = election.LeaseName,
                Namespace = election.Namespace ?? client.Namespace,
                Identity = identity,
                LeaseDuration = election.LeaseDuration,
                RenewDeadline = election.RenewDeadline,
                RetryPeriod = election.RetryPeriod,
            });
        });

    private static void AddAws(IServiceCollection services, AwsSettings settings, string identity)
    {
        services.AddSingleton(sp => new AwsMetrics(sp.GetRequiredService<IMetricFactory>()));
        services.AddSingleton(sp => settings.ClientOptions() with { Metrics = sp.GetRequiredService<AwsMetrics>() });
        services.TryAddSingleton(settings.Credentials());
        services.AddSingleton<IMediaLiveClient>(sp => new MediaLiveClient(ProviderHttp(sp, identity), sp.GetRequiredService<AwsClientOptions>(), sp.GetRequiredService<ICredentialsProvider>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IMediaPackageClient>(sp => new MediaPackageClient(ProviderHttp(sp, identity), sp.GetRequiredService<AwsClientOptions>(), sp.GetRequiredService<ICredentialsProvider>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IStsClient>(sp => new StsClient(sp.GetRequiredService<AwsClientOptions>(), sp.GetRequiredService<ICredentialsProvider>(), ProviderHandler(sp)));
        services.AddSingleton<IIvsClient>(sp => new IvsClient(ProviderHttp(sp, identity), sp.GetRequiredService<AwsClientOptions>(), sp.GetRequiredService<ICredentialsProvider>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ISecretsManagerClient>(sp => new SecretsManagerClient(ProviderHttp(sp, identity), sp.GetRequiredService<AwsClientOptions>(), sp.GetRequiredService<ICredentialsProvider>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ICloudWatchClient>(sp => new CloudWatchClient(ProviderHttp(sp, identity), sp.GetRequiredService<AwsClientOptions>(), sp.GetRequiredService<ICredentialsProvider>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ICloudFrontClient>(sp => new CloudFrontClient(ProviderHttp(sp, identity), sp.GetRequiredService<AwsClientOptions>(), sp.GetRequiredService<ICredentialsProvider>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => S3ClientFactory.Create(sp.GetRequiredService<AwsClientOptions>(), sp.GetRequiredService<ICredentialsProvider>(), ProviderHandler(sp)));

        // KMS changes nothing in AWS (its calls are all POSTs): every replica may make the seed's data key.
        services.AddSingleton(sp => new KmsEnvelope(sp.GetRequiredService<AwsClientOptions>(), sp.GetRequiredService<ICredentialsProvider>()));
        services.AddSingleton<S3Presigner>();
    }

    /// <summary>Names this replica in the API server's audit log and in CloudTrail: the product, then the leader election identity.</summary>
    private static string UserAgent(string identity) => $"{AirwaveResources.ControllerName}/{identity}";

    /// <summary>With leader election, a write only while this replica leads (see <see cref="LeaderOnlyWrites"/>).</summary>
    private static IReadOnlyList<Func<DelegatingHandler>> LeaderOnlyWrites(IServiceProvider services) =>
        services.GetService<LeaderElector>() is { } elector ? [() => new LeaderOnlyWrites(elector)] : [];

    /// <summary>A client of AWS or Mux, named by <paramref name="identity"/> and writing only while this replica leads.</summary>
    private static HttpClient ProviderHttp(IServiceProvider services, string identity)
    {
        var http = new HttpClient(ProviderHandler(services));
        http.DefaultRequestHeaders.UserAgent.TryParseAdd(UserAgent(identity));
        return http;
    }

    private static HttpMessageHandler ProviderHandler(IServiceProvider services)
    {
        // Pooled connections are recycled so a service's DNS changes are picked up by a long-running operator.
        var sockets = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        return services.GetService<LeaderElector>() is { } elector ? new LeaderOnlyWrites(elector) { InnerHandler = sockets } : sockets;
    }


    private static void AddVideoAssets(IServiceCollection services, IConfiguration configuration, string identity)
    {
        AddMuxAccount(services, configuration, identity);
        services.AddSingleton<PlaybackSigningKey>();
        services.AddSingleton<LegacySigningKeySecrets>();
        services.AddSingleton<ArchiveClipSource>();
        services.AddSingleton<DirectUploads>();
        services.AddSingleton<MuxAssetTeardown>();
        services.AddSingleton<IVideoHost, MuxVideoHost>();
        services.AddSingleton<VideoOutputs>();
        services.AddSingleton<TranscodeJobs>();
        services.AddSingleton<UploadCors>();
        services.AddSingleton<BucketUploads>();
        services.AddSingleton<IVideoHost, AwsVideoHost>();
        services.AddSingleton<VideoAssetReconciler>();
        services.AddSingleton(sp => new Informer<VideoAsset>(
            sp.GetRequiredService<KubernetesClient>(),
            AirwaveResources.VideoAssets,
            new InformerOptions { Namespaces = sp.GetRequiredService<OperatorOptions>().WatchNamespaces }));
        services.AddSingleton<IInformer>(sp => sp.GetRequiredService<Informer<VideoAsset>>());
        services.AddSingleton<VideoAssetMetrics>();
        services.AddSingleton<IController>(sp =>
        {
            // The gauge observes the informer's cache; made with the controller, it lives as long.
            sp.GetRequiredService<VideoAssetMetrics>();
            return new Controller<VideoAsset>(
                sp.GetRequiredService<Informer<VideoAsset>>(),
                sp.GetRequiredService<VideoAssetReconciler>(),
                new ControllerOptions
                {
                    Name = "videoasset",
                    MaxConcurrentReconciles = sp.GetRequiredService<OperatorOptions>().MaxConcurrentReconciles,
                    UpdateFilter = UpdateFilters.SpecOrMetadataChanged,

                    // Mux's error answers (rate limits, a refused token, an outage) are outcomes, not bugs.
                    IsExpectedFailure = e => e is MuxApiException,
                },
                sp.GetRequiredService<KubernetesMetrics>(),
                sp.GetRequiredService<ILoggerFactory>());
        });
    }

    /// <summary>The Mux account the operator works in: its access token, playback URLs and signing key, checked.</summary>
    private static void AddMuxAccount(IServiceCollection services, IConfiguration configuration, string identity)
    {
        var settings = Settings.Bind<MuxSettings>(configuration, "Mux");
        var urls = new MuxUrls { PlaybackTemplate = settings.PlaybackUrlTemplate, ThumbnailTemplate = settings.ThumbnailUrlTemplate };
        foreach (var (key, template) in new[] { ("Mux:PlaybackUrlTemplate", urls.PlaybackTemplate), ("Mux:ThumbnailUrlTemplate", urls.ThumbnailTemplate) })
        {
            if (!MuxUrls.IsValidTemplate(template))
            {
                throw Settings.Invalid(configuration, key, $"an http(s) URL with {MuxUrls.PlaybackIdPlaceholder} where the playback id goes");
            }
        }

        if (settings.VideoQuality is { } quality && !MuxSettings.VideoQualities.Contains(quality))
        {
            throw Settings.Invalid(configuration, "Mux:VideoQuality", $"one of {string.Join(", ", MuxSettings.VideoQualities)}");
        }

        var (tokenId, tokenSecret) = Pair(configuration, MuxSettings.TokenIdVariable, MuxSettings.TokenSecretVariable, "a Mux access token is both its id and its secret");
        var (signingKeyId, signingPrivateKey) = Pair(configuration, MuxSettings.SigningKeyVariable, MuxSettings.PrivateKeyVariable, "a signing key is both its id and its private key");

        if (!string.IsNullOrEmpty(signingPrivateKey) && !PlaybackTokenSigner.IsPrivateKey(signingPrivateKey))
        {
            throw new SettingException($"{MuxSettings.PrivateKeyVariable} is not an RSA private key in PEM, or base64 of one, as Mux gives it");
        }

        var apiUrl = settings.ApiUrl.AbsoluteUri.EndsWith('/') ? settings.ApiUrl : new Uri(settings.ApiUrl.AbsoluteUri + "/");
        services.AddSingleton(sp => new MuxMetrics(sp.GetRequiredService<IMetricFactory>()));
        services.AddSingleton(sp => new MuxAccount(
            string.IsNullOrEmpty(tokenId)
                ? null
                : new MuxClient(ProviderHttp(sp, identity), new MuxClientOptions { BaseAddress = apiUrl, Metrics = sp.GetRequiredService<MuxMetrics>() }, new MuxCredentials(tokenId, tokenSecret!), sp.GetRequiredService<TimeProvider>()),
            urls,
            settings.VideoQuality,
            settings.UploadPollInterval,
            string.IsNullOrEmpty(signingKeyId) ? null : new SigningKey { Id = signingKeyId, PrivateKey = signingPrivateKey }));
    }

    /// <summary>
    /// Two settings that make sense only together, such as a token's id and secret: both or neither. The values are
    /// never echoed back in the error, unlike other settings'.
    /// </summary>
    private static (string? First, string? Second) Pair(IConfiguration configuration, string first, string second, string why)
    {
        var (a, b) = (configuration[first], configuration[second]);
        if (string.IsNullOrEmpty(a) != string.IsNullOrEmpty(b))
        {
            var (set, unset) = string.IsNullOrEmpty(a) ? (second, first) : (first, second);
            throw new SettingException($"{set} is set but {unset} is not: {why}");
        }

        return (a, b);
    }

    private static void AddArchiveSplits(IServiceCollection services)
    {
        services.AddSingleton<RecordingReader>();
        services.AddSingleton<IvsRecordingReader>();
        services.AddSingleton<SplitSessions>();
        services.AddSingleton<ClipInspector>();
        services.AddSingleton<ClipJobs>();
        services.AddSingleton<ClipAssets>();
        services.AddSingleton<ArchiveSplitTeardown>();
        services.AddSingleton<ArchiveSplitReconciler>();
        services.AddSingleton(sp => new Informer<ArchiveSplit>(
            sp.GetRequiredService<KubernetesClient>(),
            AirwaveResources.ArchiveSplits,
            new InformerOptions { Namespaces = sp.GetRequiredService<OperatorOptions>().WatchNamespaces }));
        services.AddSingleton<IInformer>(sp => sp.GetRequiredService<Informer<ArchiveSplit>>());
        services.AddSingleton<IController>(sp => new Controller<ArchiveSplit>(
            sp.GetRequiredService<Informer<ArchiveSplit>>(),
            sp.GetRequiredService<ArchiveSplitReconciler>(),
            new ControllerOptions
            {
                Name = "archivesplit",
                MaxConcurrentReconciles = sp.GetRequiredService<OperatorOptions>().MaxConcurrentReconciles,
                UpdateFilter = UpdateFilters.SpecOrMetadataChanged,

                // S3's error answers (a missing bucket, a refused request) are outcomes, not bugs.
                IsExpectedFailure = e => e is Amazon.S3.AmazonS3Exception,
            },
            sp.GetRequiredService<KubernetesMetrics>(),
            sp.GetRequiredService<ILoggerFactory>()));
    }

    /// <summary>The parts a stream is made of, the table of which parts each source has, and what they share.</summary>
    private static void AddStreamParts(IServiceCollection services)
    {
        services.AddSingleton<StreamReporter>();
        services.AddSingleton<LiveMembership>();
        services.AddSingleton<ResourceMemory>();
        services.AddSingleton<QuickResync>();
        services.AddSingleton<InputPart>();
        services.AddSingleton<PackagingPart>();
        services.AddSingleton<IngestSecretPart>();
        services.AddSingleton<ChannelChanges>();
        services.AddSingleton<ChannelStarts>();
        services.AddSingleton<IdleStop>();
        services.AddSingleton<NamespaceSpend>();
        services.AddSingleton<IController, SpendLedgerController>();
        services.AddSingleton<SpendStop>();
        services.AddSingleton<ChannelPart>();
        services.AddSingleton<LiveOriginPart>();

        // Origin playlists are read as players read them, from wherever MediaPackage serves them; one that does not
        // answer within seconds is told as not serving, without holding up the reconcile.
        services.AddSingleton<IOriginPlaylists>(_ => new OriginPlaylists(new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(3), PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(5) }));
        services.AddSingleton<EncryptionPart>();
        services.AddSingleton<IvsRecordingLocator>();
        services.AddSingleton<IvsRecordingPart>();
        services.AddSingleton<IvsChannelPart>();
        services.AddSingleton<ConnectorPart>();
        services.AddSingleton<SfuFleet>();
        services.AddSingleton<SfuStreamPart>();
        services.AddSingleton<SfuForwardingPart>();
        services.AddSingleton<UploadCredentialsPart>();
        services.AddSingleton<UploadPlaybackPart>();
        services.AddSingleton<StreamLayouts>();
    }

    /// <summary>One manager per AWS resource a stream has (<see cref="LiveStreamAws"/>).</summary>
    private static void AddResourceManagers(IServiceCollection services)
    {
        services.AddSingleton<ListingLifetime>();
        services.AddSingleton<InputSecurityGroupManager>();
        services.AddSingleton<InputManager>();
        services.AddSingleton<ChannelManager>();
        services.AddSingleton<PackageChannelManager>();
        services.AddSingleton<PackageEndpointManager>();
        services.AddSingleton<UploadHeadersPolicy>();
        services.AddSingleton<LiveDistributionManager>();
        services.AddSingleton<CdnIdentifiers>();
        services.AddSingleton<IvsChannelManager>();
        services.AddSingleton<IvsRecordingManager>();
        services.AddSingleton<IvsPlaybackKeyManager>();
        services.AddSingleton<LiveStreamAws>();
    }

    /// <summary>
    /// A client of pods' management ports (SFU pods' load, the webhook's views): a pod answers from memory within
    /// moments or not at all, and a slow one must not hold up a reconcile or a count.
    /// </summary>
    private static HttpClient ManagementPortHttp() =>
        new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) }) { Timeout = TimeSpan.FromSeconds(3) };

    /// <summary>status.viewers, counted from the webhook service's replicas when the operator is told where they are.</summary>
    private static void AddViewerCounts(IServiceCollection services, ViewerOptions viewers)
    {
        if (viewers.WebhookService is null)
        {
            return;
        }

        services.AddSingleton<WebhookReplicas>();

        services.AddSingleton(sp => new ViewerCounts(
            ManagementPortHttp(),
            sp.GetRequiredService<WebhookReplicas>(),
            sp.GetRequiredService<ILogger<ViewerCounts>>()));
        services.AddSingleton<IController, ViewerCountController>();
    }

    private static void AddLiveStreams(IServiceCollection services)
    {
        AddResourceManagers(services);
        services.AddSingleton<InstallationName>();
        services.AddSingleton<StreamKeys>();
        services.AddSingleton<IngestSecret>();
        AddStreamParts(services);
        services.AddSingleton<LiveStreamTeardown>();
        services.AddSingleton<LiveStreamReconciler>();
        services.AddSingleton<LiveStreamMetrics>();
        services.AddSingleton<RunningChannelQuota>();
        services.AddSingleton<StreamCosts>();
        services.AddSingleton<UsageMeter>();
        services.AddSingleton<StorageMeter>();
        services.AddSingleton<SfuWorkload>();
        services.AddSingleton<ConnectorWorkload>();

        services.AddSingleton(sp => new SfuPodLoad(ManagementPortHttp(), sp.GetRequiredService<OperatorOptions>()));

        // Ingest Secrets are read and written by name, never listed or watched, so the operator needs no permission
        // to read the other Secrets of a namespace; a Secret changed behind its back is repaired at the next resync.
        services.AddSingleton(sp => new Informer<LiveStream>(
            sp.GetRequiredService<KubernetesClient>(),
            AirwaveResources.LiveStreams,
            new InformerOptions { Namespaces = sp.GetRequiredService<OperatorOptions>().WatchNamespaces }));
        services.AddSingleton<IInformer>(sp => sp.GetRequiredService<Informer<LiveStream>>());
        services.AddSingleton<IController>(sp =>
        {
            var streams = sp.GetRequiredService<Informer<LiveStream>>();
            var controller = new Controller<LiveStream>(
                streams,
                sp.GetRequiredService<LiveStreamReconciler>(),
                new ControllerOptions
                {
                    Name = "livestream",
                    MaxConcurrentReconciles = sp.GetRequiredService<OperatorOptions>().MaxConcurrentReconciles,
                    UpdateFilter = UpdateFilters.SpecOrMetadataChanged,

                    // AWS's error answers (throttling, a resource in the wrong state, a refused request) are outcomes, not bugs.
                    IsExpectedFailure = e => e is AwsServiceException,
                },
                sp.GetRequiredService<KubernetesMetrics>(),
                sp.GetRequiredService<ILoggerFactory>());
            streams.AddHandler(new RequeueWhenSlotFrees(controller.Queue, streams.Cache));
            return controller;
        });
    }
}
