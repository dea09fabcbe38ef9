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
    /// The operator's events: registers <see cref="IEventPublisher"/> over the ConfigMap outbox and the background
    /// delivery. Needs a <see cref="KubernetesClient"/>; delivers only while the registered <see cref="LeaderElector"/>
    /// leads (always, without one). With no sink configured the publisher records nothing.
    /// </summary>
    public static IServiceCollection AddDownstreamEvents(this IServiceCollection services, IConfiguration configuration)
    {
        var options = DownstreamOptions.From(configuration);
        services.AddSingleton(sp => new ConfigMapOutbox(
            sp.GetRequiredService<KubernetesClient>(), NamespaceOf(sp, options), options.OutboxShards, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IEventPublisher, OutboxEventPublisher>();
        services.AddSingleton(sp => new SigningSecretSource(
            sp.GetRequiredService<KubernetesClient>(),
            NamespaceOf(sp, options),
            options.SigningSecretName,
            options.SigningSecret,
            sp.GetRequiredService<ILogger<SigningSecretSource>>()));
        services.AddSingleton(sp => new DeliveryWarnings(sp.GetService<EventRecorder>(), NamespaceOf(sp, options)));
        services.AddSingleton(sp => new SinkTokenSource(sp.GetRequiredService<KubernetesClient>(), NamespaceOf(sp, options)));
        return services.AddDownstreamDelivery(
            options,
            sp => sp.GetRequiredService<ConfigMapOutbox>(),
            sp => sp.GetService<LeaderElector>() is { } elector ? () => elector.IsLeader : () => true);
    }

    /// <summary>
    /// What every publisher shares: the options, the sink router, metrics, and the background delivery of what
    /// <paramref name="outbox"/> holds while <paramref name="leads"/> says this replica delivers. The caller registers
    /// the <see cref="SigningSecretSource"/>, <see cref="SinkTokenSource"/> and <see cref="DeliveryWarnings"/> its
    /// host can offer.
    /// </summary>
    public static IServiceCollection AddDownstreamDelivery(
        this IServiceCollection services,
        DownstreamOptions options,
        Func<IServiceProvider, IEventOutbox> outbox,
        Func<IServiceProvider, Func<bool>> leads)
    {
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SinkRouter>();
        services.AddSingleton(sp => new EventsMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton(outbox);
        services.AddHostedService(sp => new DeliveryService(
            options,
            sp.GetRequiredService<IEventOutbox>(),
            sp.GetRequiredService<SigningSecretSource>(),
            sp.GetRequiredService<SinkTokenSource>(),
            sp.GetRequiredService<DeliverySignal>(),
            sp.GetRequiredService<EventsMetrics>(),
            sp.GetRequiredService<DeliveryWarnings>(),
            leads(sp),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));
        return services;
    }

    private static string NamespaceOf(IServiceProvider services, DownstreamOptions options) =>
        options.Namespace ?? services.GetRequiredService<KubernetesClient>().Configuration.Namespace;
}
