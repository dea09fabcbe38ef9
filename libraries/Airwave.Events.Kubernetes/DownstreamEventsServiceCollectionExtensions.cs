using Airwave.Events.Delivery;
using Airwave.Events.Hosting;
using Airwave.Events.Signing;
using Airwave.Events.Sinks;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Events;
using Airwave.Kubernetes.LeaderElection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Airwave.Events.Kubernetes;

public static class DownstreamEventsServiceCollectionExtensions
{
    /// <summary>
    /// The operator's events: registers <see cref="IEventPublisher"/> over the ConfigMap outbox and the background
    /// delivery. Needs a <see cref="KubernetesClient"/>; delivers only while the registered <see cref="LeaderElector"/>
    /// leads (always, without one); warns through the registered <see cref="EventRecorder"/>, if any. With no sink
    /// configured the publisher records nothing.
    /// </summary>
    public static IServiceCollection AddDownstreamEvents(this IServiceCollection services, IConfiguration configuration)
    {
        var options = DownstreamOptions.From(configuration);
        AddOutbox(services, options);
        services.AddSingleton<ISigningSecretSource>(sp => new KubernetesSigningSecretSource(
            sp.GetRequiredService<KubernetesClient>(),
            NamespaceOf(sp, options),
            options.SigningSecretName,
            options.SigningSecret,
            sp.GetRequiredService<ILogger<KubernetesSigningSecretSource>>()));
        services.AddSingleton<ISinkTokenSource>(sp => new KubernetesSinkTokenSource(sp.GetRequiredService<KubernetesClient>(), NamespaceOf(sp, options)));
        services.AddSingleton<IDeliveryWarnings>(sp => new KubernetesDeliveryWarnings(sp.GetService<EventRecorder>(), NamespaceOf(sp, options)));
        return services.AddDownstreamDelivery(
            options,
            sp => sp.GetRequiredService<ConfigMapOutbox>(),
            sp => sp.GetService<LeaderElector>() is { } elector ? () => elector.IsLeader : () => true);
    }

    /// <summary>
    /// A service that publishes into the operator's outbox and leaves delivery to the operator's leader (which looks
    /// for events other replicas published every <see cref="DownstreamOptions.PollInterval"/>): registers
    /// <see cref="IEventPublisher"/> over the ConfigMap outbox, with the same settings as the operator's, so the same
    /// sinks and switches apply. Needs a <see cref="KubernetesClient"/> allowed to get, create and update the outbox's
    /// ConfigMaps.
    /// </summary>
    public static IServiceCollection AddDownstreamPublishing(this IServiceCollection services, IConfiguration configuration)
    {
        var options = DownstreamOptions.From(configuration);
        services.AddDownstreamRouting(options);
        AddOutbox(services, options);
        return services;
    }

    private static void AddOutbox(IServiceCollection services, DownstreamOptions options)
    {
        services.AddSingleton(sp => new ConfigMapOutbox(
            sp.GetRequiredService<KubernetesClient>(), NamespaceOf(sp, options), options.OutboxShards, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IEventPublisher, OutboxEventPublisher>();
    }

    private static string NamespaceOf(IServiceProvider services, DownstreamOptions options) =>
        options.Namespace ?? services.GetRequiredService<KubernetesClient>().Namespace;
}
