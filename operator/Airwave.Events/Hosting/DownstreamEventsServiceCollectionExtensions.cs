using Airwave.Events.Delivery;
using Airwave.Events.Metrics;
using Airwave.Events.Outbox;
using Airwave.Events.Signing;
using Airwave.Events.Sinks;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Events;
using Airwave.Kubernetes.LeaderElection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Airwave.Events.Hosting;

public static class DownstreamEventsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IEventPublisher"/> and the background delivery. Needs a <see cref="KubernetesClient"/>;
    /// delivers only while the registered <see cref="LeaderElector"/> leads (always, without one). With no sink
    /// configured the publisher records nothing.
    /// </summary>
    public static IServiceCollection AddDownstreamEvents(this IServiceCollection services, IConfiguration configuration)
    {
        var options = DownstreamOptions.From(configuration);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new EventsMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton(sp => new ConfigMapOutbox(
            sp.GetRequiredService<KubernetesClient>(), NamespaceOf(sp, options), options.OutboxShards, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IEventPublisher, OutboxEventPublisher>();
        services.AddSingleton(sp => new SigningSecretSource(
            sp.GetRequiredService<KubernetesClient>(),
            NamespaceOf(sp, options),
            options.SigningSecretName,
            options.SigningSecret,
            sp.GetRequiredService<ILogger<SigningSecretSource>>()));
        services.AddSingleton(sp => new DeliveryWarnings(sp.GetService<EventRecorder>(), sp.GetRequiredService<ConfigMapOutbox>()));
        services.AddSingleton(sp => new SinkTokenSource(sp.GetRequiredService<KubernetesClient>(), NamespaceOf(sp, options)));
        services.AddHostedService(sp =>
        {
            var elector = sp.GetService<LeaderElector>();
            return new DeliveryService(
                options,
                sp.GetRequiredService<ConfigMapOutbox>(),
                sp.GetRequiredService<SigningSecretSource>(),
                sp.GetRequiredService<SinkTokenSource>(),
                sp.GetRequiredService<DeliverySignal>(),
                sp.GetRequiredService<EventsMetrics>(),
                sp.GetRequiredService<DeliveryWarnings>(),
                () => elector?.IsLeader ?? true,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>());
        });
        return services;
    }

    private static string NamespaceOf(IServiceProvider services, DownstreamOptions options) =>
        options.Namespace ?? services.GetRequiredService<KubernetesClient>().Configuration.Namespace;
}
