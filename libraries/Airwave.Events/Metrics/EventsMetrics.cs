using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Airwave.Events.Metrics;

/// <summary>The publisher's instruments, named the Prometheus way so the text exporter publishes them as they are.</summary>
public sealed class EventsMetrics : IDisposable
{
    public const string MeterName = "Airwave.Events";

    private readonly Meter _meter;
    private readonly Counter<long> _published;
    private readonly Counter<long> _publishFailed;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _boundExceeded;
    private readonly Counter<long> _sinksDisabled;
    private readonly Histogram<double> _latency;
    private long _pending;

    /// <param name="meterFactory">The host's factory; null creates a standalone meter.</param>
    public EventsMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _published = _meter.CreateCounter<long>("airwave_events_published_total", description: "Events recorded in the outbox, by type.");
        _publishFailed = _meter.CreateCounter<long>("airwave_events_publish_failures_total", description: "Events lost because the outbox could not be written, by type.");
        _delivered = _meter.CreateCounter<long>("airwave_events_delivered_total", description: "Events a sink accepted, by sink.");
        _failed = _meter.CreateCounter<long>("airwave_events_delivery_failures_total", description: "Delivery requests that failed, by sink and reason.");
        _retried = _meter.CreateCounter<long>("airwave_events_delivery_retries_total", description: "Delivery requests repeated after a failure, by sink.");
        _dropped = _meter.CreateCounter<long>("airwave_events_dropped_total", description: "Undelivered events dropped because the outbox was over its bound and they were past the maximum age.");
        _boundExceeded = _meter.CreateCounter<long>("airwave_events_outbox_over_bound_total", description: "Delivery cycles that found more pending events than the configured maximum.");
        _sinksDisabled = _meter.CreateCounter<long>("airwave_events_sinks_disabled_total", description: "Sinks disabled because the receiver answered 410 Gone, by sink.");
        _latency = _meter.CreateHistogram<double>("airwave_events_delivery_latency_seconds", "s", "Time from publishing an event to a sink accepting it, by sink.");
        _meter.CreateObservableGauge("airwave_events_pending", () => Interlocked.Read(ref _pending), description: "Events in the outbox not yet delivered to every sink they are for.");
    }

    public Meter Meter => _meter;

    public void Published(string type) => _published.Add(1, new KeyValuePair<string, object?>("type", type));

    public void PublishFailed(string type) => _publishFailed.Add(1, new KeyValuePair<string, object?>("type", type));

    public void Delivered(string sink, int count) => _delivered.Add(count, new KeyValuePair<string, object?>("sink", sink));

    public void DeliveryLatency(string sink, TimeSpan latency) => _latency.Record(Math.Max(0, latency.TotalSeconds), new KeyValuePair<string, object?>("sink", sink));

    /// <param name="reason">An HTTP status code, <c>timeout</c> or <c>connection</c>.</param>
    public void Failed(string sink, string reason) => _failed.Add(1, new TagList { { "sink", sink }, { "reason", reason } });

    public void Retried(string sink) => _retried.Add(1, new KeyValuePair<string, object?>("sink", sink));

    public void Dropped(int count) => _dropped.Add(count);

    public void OverBound() => _boundExceeded.Add(1);

    public void SinkDisabled(string sink) => _sinksDisabled.Add(1, new KeyValuePair<string, object?>("sink", sink));

    public void Pending(long count) => Interlocked.Exchange(ref _pending, count);

    public void Dispose() => _meter.Dispose();
}
