using Airwave.Api.ArchiveSplits;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.Metrics;
using Airwave.Operator.ArchiveSplits;
using Airwave.Operator.ArchiveSplits.Recording;
using Airwave.Operator.Configuration;
using Airwave.Operator.Kubernetes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Airwave.Operator.Hosting;

/// <summary>ArchiveSplits: reading recordings, cutting clips, the informer and the controller.</summary>
internal static class ArchiveSplitServices
{
    public static void AddArchiveSplits(this IServiceCollection services)
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
}
