using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Airwave.Kubernetes.Metrics;

/// <summary>
/// The runtime's instruments, named the Prometheus way (unit suffixes, _total on counters) so the
/// text exporter can publish them as they are.
/// </summary>
public sealed class KubernetesMetrics : IDisposable
{
    public const string MeterName = "Airwave.Kubernetes";

    private readonly Meter _meter;
    private readonly UpDownCounter<long> _queueDepth;
    private readonly Counter<long> _queueAdds;
    private readonly Counter<long> _queueRetries;
    private readonly Histogram<double> _queueWorkDuration;
    private readonly Counter<long> _reconciles;
    private readonly Counter<long> _reconcileErrors;
    private readonly Histogram<double> _reconcileDuration;
    private readonly Counter<long> _watchRestarts;
    private readonly Histogram<double> _requestDuration;

    /// <param name="meterFactory">The host's factory; null creates a standalone meter.</param>
    public KubernetesMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _queueDepth = _meter.CreateUpDownCounter<long>("airwave_workqueue_depth", description: "Keys waiting in a work queue.");
        _queueAdds = _meter.CreateCounter<long>("airwave_workqueue_adds_total", description: "Keys added to a work queue.");
        _queueRetries = _meter.CreateCounter<long>("airwave_workqueue_retries_total", description: "Keys re-added with backoff after a failure.");
        _queueWorkDuration = _meter.CreateHistogram<double>("airwave_workqueue_work_duration_seconds", "s", "How long processing a key took.");
        _reconciles = _meter.CreateCounter<long>("airwave_controller_reconcile_total", description: "Reconciles by controller and result.");
        _reconcileErrors = _meter.CreateCounter<long>("airwave_controller_reconcile_errors_total", description: "Reconciles that failed.");
        _reconcileDuration = _meter.CreateHistogram<double>("airwave_controller_reconcile_time_seconds", "s", "How long reconciles took.");
        _watchRestarts = _meter.CreateCounter<long>("airwave_informer_watch_restarts_total", description: "Watches restarted, by resource and reason.");
        _requestDuration = _meter.CreateHistogram<double>("airwave_rest_client_request_duration_seconds", "s", "API request latency by verb and status code.");
    }

    public static KubernetesMetrics Shared { get; } = new();

    /// <summary>The meter the instruments belong to, for exporters and listeners.</summary>
    public Meter Meter => _meter;

    public void QueueDepthChanged(string queue, long delta) => _queueDepth.Add(delta, new KeyValuePair<string, object?>("name", queue));

    public void QueueAdded(string queue) => _queueAdds.Add(1, new KeyValuePair<string, object?>("name", queue));

    public void QueueRetried(string queue) => _queueRetries.Add(1, new KeyValuePair<string, object?>("name", queue));

    public void QueueWorkDone(string queue, TimeSpan duration) =>
        _queueWorkDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("name", queue));

    /// <param name="result">success, requeue, conflict (a race lost, retried; not an error), error or terminal_error.</param>
    public void Reconciled(string controller, string result, TimeSpan duration)
    {
        var tags = new TagList { { "controller", controller }, { "result", result } };
        _reconciles.Add(1, tags);
        if (result is "error" or "terminal_error")
        {
            _reconcileErrors.Add(1, new KeyValuePair<string, object?>("controller", controller));
        }

        _reconcileDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("controller", controller));
    }

    /// <param name="reason">expired (410), error, closed (the stream ended) or timeout.</param>
    public void WatchRestarted(string resource, string reason) =>
        _watchRestarts.Add(1, new TagList { { "resource", resource }, { "reason", reason } });

    /// <param name="code">The HTTP status code, or "error" when no response arrived.</param>
    public void RequestCompleted(string verb, string code, TimeSpan duration) =>
        _requestDuration.Record(duration.TotalSeconds, new TagList { { "verb", verb }, { "code", code } });

    public void Dispose() => _meter.Dispose();
}
