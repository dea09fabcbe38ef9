using Airwave.Api.LiveStreams;
using Airwave.Aws.Errors;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.Metrics;
using Airwave.Operator.Configuration;
using Airwave.Operator.Kubernetes;
using Airwave.Operator.LiveStreams;
using Airwave.Operator.LiveStreams.Connector;
using Airwave.Operator.LiveStreams.Cost;
using Airwave.Operator.LiveStreams.Encryption;
using Airwave.Operator.LiveStreams.Ivs;
using Airwave.Operator.LiveStreams.Memory;
using Airwave.Operator.LiveStreams.Pipeline;
using Airwave.Operator.LiveStreams.Resources;
using Airwave.Operator.LiveStreams.Sfu;
using Airwave.Operator.LiveStreams.Uploads;
using Airwave.Operator.LiveStreams.Viewers;
using Airwave.Operator.Spending;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Airwave.Operator.Hosting;

/// <summary>LiveStreams: one manager per AWS resource, the parts a stream is made of, viewer counts, the informer and the controller.</summary>
internal static class LiveStreamServices
{
    public static void AddLiveStreams(this IServiceCollection services)
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

        services.AddSingleton(sp => new SfuPodLoad(OperatorHttp.ManagementPort(), sp.GetRequiredService<OperatorOptions>()));

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

    /// <summary>status.viewers, counted from the webhook service's replicas when the operator is told where they are.</summary>
    public static void AddViewerCounts(this IServiceCollection services, ViewerOptions viewers)
    {
        if (viewers.WebhookService is null)
        {
            return;
        }

        services.AddSingleton<WebhookReplicas>();

        services.AddSingleton(sp => new ViewerCounts(
            OperatorHttp.ManagementPort(),
            sp.GetRequiredService<WebhookReplicas>(),
            sp.GetRequiredService<ILogger<ViewerCounts>>()));
        services.AddSingleton<IController, ViewerCountController>();
    }
}
