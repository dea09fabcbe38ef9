namespace Airwave.Events;

/// <summary>
/// Hands state changes to the downstream sinks. Publishing only records the event durably (the outbox in the
/// Kubernetes API); delivery happens in the background, so a receiver outage never slows a reconcile.
/// </summary>
public interface IEventPublisher
{
    /// <summary>Records the event once: publishing an event whose id is already pending or delivered changes nothing.</summary>
    ValueTask PublishAsync(ResourceEvent resourceEvent, CancellationToken cancellationToken);
}
