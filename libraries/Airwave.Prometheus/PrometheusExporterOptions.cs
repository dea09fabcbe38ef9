namespace Airwave.Prometheus;

/// <summary>What a <see cref="PrometheusExporter"/> collects and how it bounds memory.</summary>
public sealed class PrometheusExporterOptions
{
    /// <summary>The Prometheus client libraries' default buckets, in seconds.</summary>
    public static IReadOnlyList<double> DefaultSecondsBoundaries { get; } =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>
    /// Meter names to collect: an exact name (case-insensitive), a prefix ending in <c>.*</c>
    /// (<c>Airwave.*</c> collects <c>Airwave.Operator</c> and <c>Airwave.Operator.Aws</c>), or <c>*</c> for every meter.
    /// Starts with <c>System.Runtime</c>, the .NET runtime's process, GC, JIT and thread-pool meter.
    /// </summary>
    public IList<string> Meters { get; } = ["System.Runtime"];

    /// <summary>
    /// Bucket upper bounds for histograms whose instrument gives no
    /// <see cref="System.Diagnostics.Metrics.InstrumentAdvice{T}.HistogramBucketBoundaries"/>.
    /// </summary>
    public IList<double> DefaultHistogramBoundaries { get; } = [.. DefaultSecondsBoundaries];

    /// <summary>
    /// The most distinct label sets one instrument keeps. Measurements with further label sets are added to a
    /// single overflow series labelled <c>otel_metric_overflow="true"</c>, so totals stay right while memory stays bounded.
    /// </summary>
    public int MaxLabelSetsPerInstrument { get; set; } = 1000;
}
