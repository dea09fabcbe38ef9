using Airwave.Events.Delivery;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Events;
using k8s.Models;

namespace Airwave.Events.Kubernetes;

/// <summary>
/// Warning Events where `kubectl get events` shows them, about the outbox itself: it is over its bound, or a
/// sink answered 410 Gone and was disabled. They regard the first outbox ConfigMap in <paramref name="namespace"/>.
/// Without an <see cref="EventRecorder"/> (a host that records no Events) only the logs and metrics speak.
/// </summary>
public sealed class KubernetesDeliveryWarnings(EventRecorder? recorder, string @namespace) : IDeliveryWarnings
{
    public Task OverBoundAsync(int pending, int max, TimeSpan maxAge, CancellationToken cancellationToken) =>
        RecordAsync("OutboxFull", $"{pending} events wait for delivery, more than the maximum of {max}; events older than {maxAge} are dropped while it stays over", cancellationToken);

    public Task SinkGoneAsync(string sink, CancellationToken cancellationToken) =>
        RecordAsync("SinkGone", $"Sink {sink} answered 410 Gone and is disabled until the operator restarts; its pending events are dropped", cancellationToken);

    private Task RecordAsync(string reason, string note, CancellationToken cancellationToken)
    {
        if (recorder is null)
        {
            return Task.CompletedTask;
        }

        var regarding = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = ConfigMapOutbox.NamePrefix + "0", NamespaceProperty = @namespace } };
        return recorder.RecordAsync(ResourceType.ConfigMaps, regarding, EventType.Warning, reason, "Deliver", note, cancellationToken);
    }
}
