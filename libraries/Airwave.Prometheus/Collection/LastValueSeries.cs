using Airwave.Prometheus.Exposition;

namespace Airwave.Prometheus.Collection;

/// <summary>Keeps the latest measurement (Gauge, and observable instruments, which report totals).</summary>
internal sealed class LastValueSeries : Series
{
    private double value;

    public override void Record(double measurement) => Volatile.Write(ref value, measurement);

    public override SeriesPoint Snapshot(string labels) => new ValuePoint(labels, Volatile.Read(ref value));
}
