using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;

namespace Airwave.Kubernetes.Hosting;

public static class KubernetesServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="KubernetesMetrics"/> (in the registry of the host's <see cref="IMetricFactory"/>) and a singleton
    /// <see cref="KubernetesClient"/>, configured in-cluster or from kubeconfig unless <paramref name="configuration"/> says otherwise.
    /// </summary>
    public static IServiceCollection AddKubernetesClient(
        this IServiceCollection services,
        Func<IServiceProvider, k8s.KubernetesClientConfiguration>? configuration = null,
        Func<KubernetesClientOptions, KubernetesClientOptions>? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(provider => new KubernetesMetrics(provider.GetRequiredService<IMetricFactory>()));
        services.TryAddSingleton(provider =>
        {
            var clientOptions = new KubernetesClientOptions
            {
                Metrics = provider.GetRequiredService<KubernetesMetrics>(),
                LoggerFactory = provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance,
                TimeProvider = provider.GetService<TimeProvider>() ?? TimeProvider.System,
            };
            return new KubernetesClient(
                configuration?.Invoke(provider) ?? KubernetesAccess.Configuration(),
                options?.Invoke(clientOptions) ?? clientOptions);
        });
        return services;
    }

    /// <summary>Runs the manager the factory builds (informers, controllers, leader election) as a hosted service.</summary>
    public static IServiceCollection AddControllerManager(this IServiceCollection services, Func<IServiceProvider, ControllerManager> factory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(factory);
        services.AddSingleton(factory);
        services.AddSingleton<IHostedService, ControllerManagerService>();
        return services;
    }
}
