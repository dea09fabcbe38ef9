using System.Net;
using Airwave.Telemetry;
using Prometheus;

namespace Airwave.Aws.Http;

/// <summary>Every AWS call attempt, by service, operation and outcome, with its latency.</summary>
public sealed class AwsMetrics
{
    private static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly Counter _requests;
    private readonly Histogram _duration;

    /// <param name="metrics">The host's factory, whose registry its /metrics serves.</param>
    public AwsMetrics(IMetricFactory metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        string[] labels = ["operation", "outcome", "service"];
        _requests = metrics.CreateCounter("airwave_aws_requests_total", "AWS API call attempts, retries included.", labels);
        _duration = metrics.CreateHistogram("airwave_aws_request_duration_seconds", "Latency of AWS API call attempts.", labels, new HistogramConfiguration { Buckets = SecondsBuckets });
    }

    internal void Record(string service, string operation, HttpStatusCode? status, TimeSpan elapsed)
    {
        var outcome = CallOutcome.Of(status);
        _requests.WithLabels(operation, outcome, service).Inc();
        _duration.WithLabels(operation, outcome, service).Observe(elapsed.TotalSeconds);
    }
}
