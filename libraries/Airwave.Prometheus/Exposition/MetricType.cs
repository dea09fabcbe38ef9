namespace Airwave.Prometheus.Exposition;

/// <summary>The Prometheus metric types this exporter writes, as named on a <c># TYPE</c> line.</summary>
internal enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}
