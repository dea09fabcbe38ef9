using Airwave.Prometheus.Exposition;

namespace Airwave.Prometheus.Collection;

/// <summary>Adds up deltas (Counter, UpDownCounter).</summary>
internal sealed class SumSeries : Series
{
    private readonly Lock gate = new();
    private double sum;

    public override void Record(double measurement)
    {
        lock (gate)
        {
            sum += measurement;
        }
    }

    public override SeriesPoint Snapshot(string labels)
    {
        lock (gate)
        {
            return new ValuePoint(labels, sum);
        }
    }
}
