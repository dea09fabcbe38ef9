using Airwave.Prometheus.Exposition;

namespace Airwave.Prometheus.Collection;

/// <summary>Counts measurements into buckets by upper bound and sums them.</summary>
internal sealed class HistogramSeries(double[] bounds) : Series
{
    private readonly Lock gate = new();
    private readonly long[] bucketCounts = new long[bounds.Length + 1];
    private double sum;

    public override void Record(double measurement)
    {
        if (double.IsNaN(measurement))
        {
            return;
        }

        var bucket = Bucket(measurement);
        // One lock for counts and sum: a snapshot never sees a measurement counted but not summed.
        lock (gate)
        {
            bucketCounts[bucket]++;
            sum += measurement;
        }
    }

    public override SeriesPoint Snapshot(string labels)
    {
        lock (gate)
        {
            return new HistogramPoint(labels, [.. bucketCounts], sum);
        }
    }

    /// <summary>The first bucket whose upper bound is at least <paramref name="measurement"/> (Prometheus' <c>le</c>).</summary>
    private int Bucket(double measurement)
    {
        var index = Array.BinarySearch(bounds, measurement);
        return index >= 0 ? index : ~index;
    }
}
