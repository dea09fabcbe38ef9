using Airwave.Events.Delivery;
using Airwave.Events.Metrics;
using Airwave.Events.Outbox;
using Airwave.Events.Signing;
using Airwave.Events.Sinks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Airwave.Events.Hosting;

public static class DownstreamDeliveryServiceCollectionExtensions
{
    /// <summary>
    /// What every delivering publisher shares: <see cref="AddDownstreamRouting"/>, and the background delivery of what
    /// <paramref name="outbox"/> holds while <paramref name="leads"/> says this replica delivers. The caller registers
    /// the <see cref="ISigningSecretSource"/> and <see cref="ISinkTokenSource"/> its host can offer, and an
    /// <see cref="IDeliveryWarnings"/> if it has somewhere to show them.
    /// </summary>
    public static IServiceCollection AddDownstreamDelivery(
        this IServiceCollection services,
        DownstreamOptions options,
        Func<IServiceProvider, IEventOutbox> outbox,
        Func<IServiceProvider, Func<bool>> leads)
    {
        services.AddDownstreamRouting(options);
        services.AddSingleton(outbox);
        services.AddHostedService(sp => new DeliveryService(
            options,
            sp.GetRequiredService<IEventOutbox>(),
            sp.GetRequiredService<ISigningSecretSource>(),
            sp.GetRequiredService<ISinkTokenSource>(),
            sp.GetRequiredService<DeliverySignal>(),
            sp.GetRequiredService<EventsMetrics>(),
            sp.GetService<IDeliveryWarnings>(),
            leads(sp),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));
        return services;
    }

    /// <summary>
    /// What publishing needs, with or without delivering: the options, the sink router, metrics (in the registry of
    /// the host's <see cref="IMetricFactory"/>) and the signal that wakes a delivery loop.
    /// </summary>
    public static IServiceCollection AddDownstreamRouting(this IServiceCollection services, DownstreamOptions options)
    {
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SinkRouter>();
        services.AddSingleton(sp => new EventsMetrics(sp.GetRequiredService<IMetricFactory>()));
        services.AddSingleton<DeliverySignal>();
        return services;
    }
}
