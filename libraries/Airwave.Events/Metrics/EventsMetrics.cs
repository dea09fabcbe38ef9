using Prometheus;

namespace Airwave.Events.Metrics;

/// <summary>The publisher's metrics: events recorded, delivered, retried, dropped and pending.</summary>
public sealed class EventsMetrics
{
    private static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Counter _published;
    private readonly Counter _publishFailed;
    private readonly Counter _delivered;
    private readonly Counter _failed;
    private readonly Counter _retried;
    private readonly Counter _dropped;
    private readonly Counter _boundExceeded;
    private readonly Counter _sinksDisabled;
    private readonly Histogram _latency;
    private readonly Gauge _pending;

    /// <param name="metrics">The host's factory, whose registry its /metrics serves.</param>
    public EventsMetrics(IMetricFactory metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _published = metrics.CreateCounter("airwave_events_published_total", "Events recorded in the outbox, by type.", ["type"]);
        _publishFailed = metrics.CreateCounter("airwave_events_publish_failures_total", "Events lost because the outbox could not be written, by type.", ["type"]);
        _delivered = metrics.CreateCounter("airwave_events_delivered_total", "Events a sink accepted, by sink.", ["sink"]);
        _failed = metrics.CreateCounter("airwave_events_delivery_failures_total", "Delivery requests that failed, by sink and reason.", ["reason", "sink"]);
        _retried = metrics.CreateCounter("airwave_events_delivery_retries_total", "Delivery requests repeated after a failure, by sink.", ["sink"]);
        _dropped = metrics.CreateCounter("airwave_events_dropped_total", "Undelivered events dropped because the outbox was over its bound and they were past the maximum age.");
        _boundExceeded = metrics.CreateCounter("airwave_events_outbox_over_bound_total", "Delivery cycles that found more pending events than the configured maximum.");
        _sinksDisabled = metrics.CreateCounter("airwave_events_sinks_disabled_total", "Sinks disabled because the receiver answered 410 Gone, by sink.", ["sink"]);
        _latency = metrics.CreateHistogram(
            "airwave_events_delivery_latency_seconds",
            "Time from publishing an event to a sink accepting it, by sink.",
            ["sink"],
            new HistogramConfiguration { Buckets = SecondsBuckets });
        _pending = metrics.CreateGauge("airwave_events_pending", "Events in the outbox not yet delivered to every sink they are for.");
    }

    public void Published(string type) => _published.WithLabels(type).Inc();

    public void PublishFailed(string type) => _publishFailed.WithLabels(type).Inc();

    public void Delivered(string sink, int count) => _delivered.WithLabels(sink).Inc(count);

    public void DeliveryLatency(string sink, TimeSpan latency) => _latency.WithLabels(sink).Observe(Math.Max(0, latency.TotalSeconds));

    /// <param name="reason">An HTTP status code, <c>timeout</c> or <c>connection</c>.</param>
    public void Failed(string sink, string reason) => _failed.WithLabels(reason, sink).Inc();

    public void Retried(string sink) => _retried.WithLabels(sink).Inc();

    public void Dropped(int count) => _dropped.Inc(count);

    public void OverBound() => _boundExceeded.Inc();

    public void SinkDisabled(string sink) => _sinksDisabled.WithLabels(sink).Inc();

    public void Pending(long count) => _pending.Set(count);
}
