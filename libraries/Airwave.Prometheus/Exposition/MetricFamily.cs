namespace Airwave.Prometheus.Exposition;

/// <summary>A metric family as written: one HELP and TYPE and all its series, ordered by labels.</summary>
/// <param name="HistogramBounds">The <c>le</c> upper bounds, without <c>+Inf</c>; empty for counters and gauges.</param>
internal sealed record MetricFamily(
    string Name,
    string Help,
    MetricType Type,
    IReadOnlyList<double> HistogramBounds,
    IReadOnlyList<SeriesPoint> Series);
