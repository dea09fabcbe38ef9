using System.Diagnostics.Metrics;

namespace Airwave.Prometheus.Tests.Hosting;

/// <summary>Metrics shaped like the operator's own (reconciles, AWS calls, streams by phase), with a typical morning's values.</summary>
internal sealed class SampleDomainMetrics : IDisposable
{
    private readonly Meter meter;
    private readonly Dictionary<string, int> streamsByPhase = new() { ["Running"] = 2, ["Provisioning"] = 1 };

    public SampleDomainMetrics()
    {
        MeterName = $"Airwave.Tests.{Guid.NewGuid():N}";
        meter = new Meter(MeterName);
        meter.CreateObservableUpDownCounter(
            "airwave.livestreams",
            () => streamsByPhase.Select(p => new Measurement<int>(p.Value, new KeyValuePair<string, object?>("phase", p.Key))),
            "{stream}",
            "LiveStreams by phase.");
    }

    public string MeterName { get; }

    public void RecordTypicalActivity()
    {
        var reconciles = meter.CreateCounter<long>("airwave.reconciles", "{reconcile}", "Reconciles run, by kind and outcome.");
        var queueDepth = meter.CreateUpDownCounter<int>("airwave.reconcile.queue.depth", "{item}", "Objects waiting to be reconciled.");
        var awsCalls = meter.CreateHistogram<double>(
            "airwave.aws.call.duration",
            "s",
            "Duration of AWS API calls, by service, operation and outcome.",
            tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        var provisioning = meter.CreateHistogram<double>("airwave.provisioning.duration", "s", "Time from apply to Running.");

        reconciles.Add(3, new("kind", "LiveStream"), new("outcome", "success"));
        reconciles.Add(1, new("kind", "LiveStream"), new("outcome", "error"), new("error.type", "Throttling: \"Rate exceeded\"\nretrying"));
        queueDepth.Add(4);
        queueDepth.Add(-3);
        foreach (var seconds in new[] { 0.08, 0.3, 1.2 })
        {
            awsCalls.Record(seconds, new("aws.service", "MediaLive"), new("aws.operation", "CreateChannel"), new("outcome", "success"));
        }

        awsCalls.Record(0.04, new("aws.service", "MediaPackage"), new("aws.operation", "CreateChannel"), new("outcome", "error"));
        provisioning.Record(42.5);
    }

    public void Dispose() => meter.Dispose();
}
