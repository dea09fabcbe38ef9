namespace Airwave.Prometheus.Exposition;

/// <summary>A histogram's state.</summary>
/// <param name="BucketCounts">Observations per bucket, not cumulative; the last bucket is <c>+Inf</c>.</param>
internal sealed record HistogramPoint(string Labels, IReadOnlyList<long> BucketCounts, double Sum) : SeriesPoint(Labels)
{
    public override SeriesPoint Add(SeriesPoint other)
    {
        var histogram = (HistogramPoint)other;
        return this with
        {
            BucketCounts = [.. BucketCounts.Zip(histogram.BucketCounts, (a, b) => a + b)],
            Sum = Sum + histogram.Sum,
        };
    }
}
