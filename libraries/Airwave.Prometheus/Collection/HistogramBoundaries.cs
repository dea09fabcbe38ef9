using System.Diagnostics.Metrics;

namespace Airwave.Prometheus.Collection;

/// <summary>The bucket upper bounds of a histogram instrument.</summary>
internal static class HistogramBoundaries
{
    /// <summary>
    /// The instrument's advised boundaries when they are all finite, otherwise <paramref name="defaults"/>:
    /// an infinite bound would repeat the <c>+Inf</c> bucket. (.NET itself rejects advice out of order.)
    /// </summary>
    public static double[] For(Instrument instrument, double[] defaults)
    {
        var advised = Advised(instrument);
        return advised is not null && advised.All(double.IsFinite) ? advised : defaults;
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
}
