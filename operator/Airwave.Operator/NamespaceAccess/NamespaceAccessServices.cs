using Airwave.Configuration;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Core;
using Airwave.Kubernetes.Hosting;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.Metrics;
using Airwave.Kubernetes.Rbac;
using Airwave.Operator.Kubernetes;
using Airwave.Prometheus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Airwave.Operator.NamespaceAccess;

/// <summary>
/// The namespace-access controller's composition (`airwave-operator namespace-access`): a Kubernetes client,
/// informers of namespaces, of the Airwave kinds (metadata only) and of its own RoleBindings, and one controller.
/// </summary>
public static class NamespaceAccessServices
{
    public static IServiceCollection AddNamespaceAccess(this IServiceCollection services, IConfiguration configuration)
    {
        var options = Settings.Bind<NamespaceAccessOptions>(configuration, "NamespaceAccess");
        Require(configuration, "NamespaceAccess:ClusterRole", options.ClusterRole, "the ClusterRole to grant, such as airwave-namespace");
        Require(configuration, "NamespaceAccess:BindingName", options.BindingName, "a RoleBinding name, such as airwave");
        Require(configuration, "NamespaceAccess:ServiceAccountNamespace", options.ServiceAccountNamespace, "the operator's namespace");
        Require(configuration, "NamespaceAccess:ServiceAccountName", options.ServiceAccountName, "the operator's ServiceAccount");
        services.AddSingleton(options);

        var kubeconfig = configuration["Kubernetes:Kubeconfig"];
        services.AddKubernetesClient(
            _ => KubernetesAccess.Configuration(kubeconfig),
            client => client with { UserAgent = $"airwave-namespace-access/{Environment.GetEnvironmentVariable("POD_NAME") ?? Environment.MachineName}" });

        services.AddSingleton(sp => new Informer<Namespace>(sp.GetRequiredService<KubernetesClient>(), ResourceType.Namespaces));
        services.AddSingleton(sp => new Informer<RoleBinding>(
            sp.GetRequiredService<KubernetesClient>(),
            ResourceType.RoleBindings,
            new InformerOptions { LabelSelector = $"{NamespaceAccessOptions.OwnerLabel}={options.BindingName}" }));
        ResourceType[] airwaveKinds = [AirwaveResources.LiveStreams, AirwaveResources.VideoAssets, AirwaveResources.ArchiveSplits];
        services.AddSingleton<IReadOnlyList<Informer<PartialObjectMetadata>>>(sp =>
            [.. airwaveKinds.Select(type => new Informer<PartialObjectMetadata>(sp.GetRequiredService<KubernetesClient>(), type))]);
        services.AddSingleton<IInformer>(sp => sp.GetRequiredService<Informer<Namespace>>());
        services.AddSingleton<IInformer>(sp => sp.GetRequiredService<Informer<RoleBinding>>());
        for (var i = 0; i < airwaveKinds.Length; i++)
        {
            var index = i;
            services.AddSingleton<IInformer>(sp => sp.GetRequiredService<IReadOnlyList<Informer<PartialObjectMetadata>>>()[index]);
        }

        services.AddSingleton<IController>(sp =>
        {
            var objects = sp.GetRequiredService<IReadOnlyList<Informer<PartialObjectMetadata>>>();
            var bindings = sp.GetRequiredService<Informer<RoleBinding>>();
            var controller = new Controller<Namespace>(
                sp.GetRequiredService<Informer<Namespace>>(),
                new NamespaceAccessReconciler(sp.GetRequiredService<KubernetesClient>(), options, bindings, objects),
                new ControllerOptions { Name = "namespace-access" },
                sp.GetRequiredService<KubernetesMetrics>(),
                sp.GetRequiredService<ILoggerFactory>());

            // A namespace's first object and its last one change what it needs; a binding changed by hand is put back.
            foreach (var informer in objects)
            {
                informer.AddHandler(new EnqueueNamespace<PartialObjectMetadata>(controller.Queue, onUpdate: false));
            }

            bindings.AddHandler(new EnqueueNamespace<RoleBinding>(controller.Queue, onUpdate: true));
            return controller;
        });
        services.AddControllerManager(sp => new ControllerManager(
            [.. sp.GetServices<IInformer>()],
            [.. sp.GetServices<IController>()],
            loggerFactory: sp.GetRequiredService<ILoggerFactory>()));
        services.AddHealthChecks().AddCheck<InformersReady>("informers", tags: ["ready"]);
        services.AddPrometheusMetrics();
        return services;
    }

    private static void Require(IConfiguration configuration, string key, string value, string expected)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw Settings.Invalid(configuration, key, expected);
        }
    }
}
