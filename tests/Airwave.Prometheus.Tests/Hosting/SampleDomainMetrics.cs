using Prometheus;

namespace Airwave.Prometheus.Tests.Hosting;

/// <summary>Metrics shaped like the operator's own (reconciles, AWS calls, streams by phase), with a typical morning's values.</summary>
internal sealed class SampleDomainMetrics(IMetricFactory metrics)
{
    private readonly Counter reconciles = metrics.CreateCounter("airwave_reconciles_total", "Reconciles run, by kind and outcome.", ["kind", "outcome", "reason"]);
    private readonly Gauge streams = metrics.CreateGauge("airwave_livestreams", "LiveStreams by phase.", ["phase"]);
    private readonly Histogram awsCalls = metrics.CreateHistogram(
        "airwave_aws_call_duration_seconds",
        "Duration of AWS API calls, by service, operation and outcome.",
        ["operation", "outcome", "service"],
        new HistogramConfiguration { Buckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    public void RecordTypicalActivity()
    {
        reconciles.WithLabels("LiveStream", "success", "").Inc(3);
        reconciles.WithLabels("LiveStream", "error", "Throttling: \"Rate exceeded\"\nretrying").Inc();
        streams.WithLabels("Running").Set(2);
        streams.WithLabels("Provisioning").Set(1);
        foreach (var seconds in new[] { 0.08, 0.3, 1.2 })
        {
            awsCalls.WithLabels("CreateChannel", "success", "MediaLive").Observe(seconds);
        }

        awsCalls.WithLabels("CreateChannel", "error", "MediaPackage").Observe(0.04);
    }
}
