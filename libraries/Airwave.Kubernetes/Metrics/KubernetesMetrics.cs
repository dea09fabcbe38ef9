using Prometheus;
using PrometheusMetrics = Prometheus.Metrics;

namespace Airwave.Kubernetes.Metrics;

/// <summary>The runtime's metrics: work queues, reconciles, watches and API requests.</summary>
public sealed class KubernetesMetrics
{
    private static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Gauge _queueDepth;
    private readonly Counter _queueAdds;
    private readonly Counter _queueRetries;
    private readonly Histogram _queueWorkDuration;
    private readonly Counter _reconciles;
    private readonly Counter _reconcileErrors;
    private readonly Histogram _reconcileDuration;
    private readonly Counter _watchRestarts;
    private readonly Histogram _requestDuration;

    /// <param name="metrics">The host's factory, whose registry its /metrics serves.</param>
    public KubernetesMetrics(IMetricFactory metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _queueDepth = metrics.CreateGauge("airwave_workqueue_depth", "Keys waiting in a work queue.", ["name"]);
        _queueAdds = metrics.CreateCounter("airwave_workqueue_adds_total", "Keys added to a work queue.", ["name"]);
        _queueRetries = metrics.CreateCounter("airwave_workqueue_retries_total", "Keys re-added with backoff after a failure.", ["name"]);
        _queueWorkDuration = metrics.CreateHistogram("airwave_workqueue_work_duration_seconds", "How long processing a key took.", ["name"], Buckets());
        _reconciles = metrics.CreateCounter("airwave_controller_reconcile_total", "Reconciles by controller and result.", ["controller", "result"]);
        _reconcileErrors = metrics.CreateCounter("airwave_controller_reconcile_errors_total", "Reconciles that failed.", ["controller"]);
        _reconcileDuration = metrics.CreateHistogram("airwave_controller_reconcile_time_seconds", "How long reconciles took.", ["controller"], Buckets());
        _watchRestarts = metrics.CreateCounter("airwave_informer_watch_restarts_total", "Watches restarted, by resource and reason.", ["reason", "resource"]);
        _requestDuration = metrics.CreateHistogram("airwave_rest_client_request_duration_seconds", "API request latency by verb and status code.", ["code", "verb"], Buckets());
    }

    /// <summary>Metrics no endpoint serves, for clients, queues and controllers made outside a host (tools, benchmarks).</summary>
    public static KubernetesMetrics Unexported { get; } = new(PrometheusMetrics.WithCustomRegistry(PrometheusMetrics.NewCustomRegistry()));

    public void QueueDepthChanged(string queue, long delta) => _queueDepth.WithLabels(queue).Inc(delta);

    public void QueueAdded(string queue) => _queueAdds.WithLabels(queue).Inc();

    public void QueueRetried(string queue) => _queueRetries.WithLabels(queue).Inc();

    public void QueueWorkDone(string queue, TimeSpan duration) => _queueWorkDuration.WithLabels(queue).Observe(duration.TotalSeconds);

    /// <param name="result">success, requeue, conflict (a race lost, retried; not an error), error or terminal_error.</param>
    public void Reconciled(string controller, string result, TimeSpan duration)
    {
        // Errors first: a scrape that sees the reconcile counted sees its error too.
        if (result is "error" or "terminal_error")
        {
            _reconcileErrors.WithLabels(controller).Inc();
        }

        _reconciles.WithLabels(controller, result).Inc();

        _reconcileDuration.WithLabels(controller).Observe(duration.TotalSeconds);
    }

    /// <param name="reason">expired (410), error, closed (the stream ended) or timeout.</param>
    public void WatchRestarted(string resource, string reason) => _watchRestarts.WithLabels(reason, resource).Inc();

    /// <param name="code">The HTTP status code, or "error" when no response arrived.</param>
    public void RequestCompleted(string verb, string code, TimeSpan duration) =>
        _requestDuration.WithLabels(code, verb).Observe(duration.TotalSeconds);

    private static HistogramConfiguration Buckets() => new() { Buckets = SecondsBuckets };
}
