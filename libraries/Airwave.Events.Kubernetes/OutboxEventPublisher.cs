using Airwave.Events.CloudEvents;
using Airwave.Events.Delivery;
using Airwave.Events.Metrics;
using Airwave.Events.Sinks;
using Microsoft.Extensions.Logging;

namespace Airwave.Events.Kubernetes;

/// <summary>
/// Records each event in the outbox for the sinks whose filters accept it and wakes the delivery loop. Like
/// Kubernetes events, publishing never fails a reconcile: when the API server refuses the write the event is
/// logged and counted as lost.
/// </summary>
public sealed partial class OutboxEventPublisher(
    SinkRouter router,
    ConfigMapOutbox outbox,
    DeliverySignal signal,
    EventsMetrics metrics,
    ILogger<OutboxEventPublisher> logger) : IEventPublisher
{
    public async ValueTask PublishAsync(ResourceEvent resourceEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resourceEvent);
        var sinks = router.SinksFor(resourceEvent.Type, resourceEvent.Subject.Namespace);
        if (sinks.Count == 0)
        {
            return;
        }

        try
        {
            if (await outbox.AppendAsync(resourceEvent.Subject.Uid, CloudEventFormat.From(resourceEvent), sinks, cancellationToken))
            {
                metrics.Published(resourceEvent.Type);
                signal.Wake();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            metrics.PublishFailed(resourceEvent.Type);
            LogLost(logger, e, resourceEvent.Type, resourceEvent.Id, resourceEvent.Subject.Namespace, resourceEvent.Subject.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record event {Type} {Id} of {Namespace}/{Name} in the outbox; it will not be delivered")]
    private static partial void LogLost(ILogger logger, Exception exception, string type, string id, string @namespace, string name);
}
