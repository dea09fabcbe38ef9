using System.Diagnostics.Metrics;

namespace Airwave.Prometheus.Collection;

/// <summary>The bucket upper bounds of a histogram instrument.</summary>
internal static class HistogramBoundaries
{
    /// <summary>
    /// The instrument's advised boundaries when they are usable (finite and strictly increasing),
    /// otherwise <paramref name="defaults"/>.
    /// </summary>
    public static double[] For(Instrument instrument, IEnumerable<double> defaults)
    {
        var advised = Advised(instrument);
        return advised is not null && IsUsable(advised) ? advised : [.. defaults];
    }

    private static double[]? Advised(Instrument instrument) => instrument switch
    {
        Instrument<double> i => i.Advice?.HistogramBucketBoundaries?.ToArray(),
        Instrument<float> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        Instrument<long> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        Instrument<int> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        Instrument<short> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        Instrument<byte> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        Instrument<decimal> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        _ => null,
    };

    private static bool IsUsable(double[] bounds)
    {
        for (var i = 0; i < bounds.Length; i++)
        {
            if (!double.IsFinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1]))
            {
                return false;
            }
        }

        return true;
    }
}
