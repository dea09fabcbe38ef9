using Airwave.Prometheus.Exposition;

namespace Airwave.Prometheus.Collection;

/// <summary>The state of one label set of one instrument, safe to record into from any thread.</summary>
internal abstract class Series
{
    public static Series Create(Aggregation aggregation, double[] histogramBounds) => aggregation switch
    {
        Aggregation.Sum => new SumSeries(),
        Aggregation.LastValue => new LastValueSeries(),
        Aggregation.Histogram => new HistogramSeries(histogramBounds),
        _ => throw new ArgumentOutOfRangeException(nameof(aggregation), aggregation, null),
    };

    public abstract void Record(double measurement);

    public abstract SeriesPoint Snapshot(string labels);
}
