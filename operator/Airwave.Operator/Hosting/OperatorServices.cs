using Airwave.Api.Common;
using Airwave.Aws.Http;
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
using Airwave.Operator.Configuration;
using Airwave.Operator.Kubernetes;
using Airwave.Operator.NamespaceAccess;
using Airwave.Operator.Reconciliation;
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
                UserAgent = OperatorHttp.UserAgent(identity),
                Handlers = OperatorHttp.LeaderOnlyWrites(sp),
            }));
        services.AddSingleton<NamespaceWriteAccess>();
        services.AddSingleton(sp => new EventRecorder(sp.GetRequiredService<KubernetesClient>(), AirwaveResources.ControllerName, identity));
        services.AddSingleton<ReconcilerBasics>();

        services.AddAws(awsSettings, identity);
        services.AddLiveStreams();
        services.AddViewerCounts(options.Viewers);
        services.AddVideoAssets(configuration, identity);
        services.AddArchiveSplits();
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
                UserAgent = OperatorHttp.UserAgent(identity),
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
}
