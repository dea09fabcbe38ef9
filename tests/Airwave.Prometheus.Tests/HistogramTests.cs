using System.Diagnostics.Metrics;

namespace Airwave.Prometheus.Tests;

public class HistogramTests
{
    [Fact]
    public void Buckets_are_cumulative_and_count_equals_the_inf_bucket()
    {
        using var metrics = new IsolatedMetrics();
        var histogram = metrics.Meter.CreateHistogram<double>("airwave.wait", "s");
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            histogram.Record(random.NextDouble() * 12, new KeyValuePair<string, object?>("queue", i % 2 == 0 ? "even" : "odd"));
        }

        var text = metrics.Collect();

        foreach (var queue in new[] { "even", "odd" })
        {
            var buckets = Exposition.Samples(text)
                .Where(s => s.Name == "airwave_wait_seconds_bucket" && s.Labels.StartsWith($"queue=\"{queue}\",", StringComparison.Ordinal))
                .Select(s => s.Value)
                .ToList();
            Assert.Equal(PrometheusExporterOptions.DefaultSecondsBoundaries.Count + 1, buckets.Count);
            Assert.Equal(buckets.Order(), buckets);
            Assert.Equal(250, buckets[^1]);
            Assert.Equal(buckets[^1], Exposition.Value(text, "airwave_wait_seconds_count", $"queue=\"{queue}\""));
        }
    }

    [Fact]
    public void A_measurement_equal_to_a_bound_falls_in_that_bucket()
    {
        using var metrics = new IsolatedMetrics();
        var histogram = metrics.Meter.CreateHistogram<int>(
            "airwave.segment.size",
            "By",
            "Archive segment sizes.",
            tags: null,
            new InstrumentAdvice<int> { HistogramBucketBoundaries = [1024, 4096] });

        histogram.Record(1024);
        histogram.Record(1025);
        histogram.Record(5000);

        var text = metrics.Collect();
        Assert.Equal(1, Exposition.Value(text, "airwave_segment_size_bytes_bucket", "le=\"1024\""));
        Assert.Equal(2, Exposition.Value(text, "airwave_segment_size_bytes_bucket", "le=\"4096\""));
        Assert.Equal(3, Exposition.Value(text, "airwave_segment_size_bytes_bucket", "le=\"+Inf\""));
        Assert.Equal(7049, Exposition.Value(text, "airwave_segment_size_bytes_sum"));
    }

    [Fact]
    public void Advice_with_an_infinite_bound_is_ignored_for_the_defaults()
    {
        using var metrics = new IsolatedMetrics(options =>
        {
            options.DefaultHistogramBoundaries.Clear();
            options.DefaultHistogramBoundaries.Add(1);
        });
        var histogram = metrics.Meter.CreateHistogram<double>(
            "airwave.bad.advice",
            unit: null,
            description: null,
            tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, double.PositiveInfinity] });

        histogram.Record(0.5);

        Assert.Equal(
            ["le=\"1\"", "le=\"+Inf\""],
            Exposition.Samples(metrics.Collect()).Where(s => s.Name == "airwave_bad_advice_bucket").Select(s => s.Labels));
    }

    [Fact]
    public void NaN_measurements_are_not_counted()
    {
        using var metrics = new IsolatedMetrics();
        var histogram = metrics.Meter.CreateHistogram<double>("airwave.wait", "s");

        histogram.Record(double.NaN);
        histogram.Record(0.2);

        var text = metrics.Collect();
        Assert.Equal(1, Exposition.Value(text, "airwave_wait_seconds_count"));
        Assert.Equal(0.2, Exposition.Value(text, "airwave_wait_seconds_sum"));
    }
}
