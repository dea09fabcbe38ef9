using System.Net;
using Airwave.Telemetry;
using Prometheus;

namespace Airwave.Mux.Http;

/// <summary>Every Mux API call attempt, by operation and outcome, with its latency.</summary>
public sealed class MuxMetrics
{
    private static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly Counter _requests;
    private readonly Histogram _duration;

    /// <param name="metrics">The host's factory, whose registry its /metrics serves.</param>
    public MuxMetrics(IMetricFactory metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        string[] labels = ["operation", "outcome"];
        _requests = metrics.CreateCounter("airwave_mux_requests_total", "Mux API call attempts, retries included.", labels);
        _duration = metrics.CreateHistogram("airwave_mux_request_duration_seconds", "Latency of Mux API call attempts.", labels, new HistogramConfiguration { Buckets = SecondsBuckets });
    }

    internal void Record(string operation, HttpStatusCode? status, TimeSpan elapsed)
    {
        var outcome = CallOutcome.Of(status);
        _requests.WithLabels(operation, outcome).Inc();
        _duration.WithLabels(operation, outcome).Observe(elapsed.TotalSeconds);
    }
}
