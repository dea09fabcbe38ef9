using System.Diagnostics.Metrics;

namespace Airwave.Prometheus.Tests;

/// <summary>The exact exposition of each System.Diagnostics.Metrics instrument kind.</summary>
public class InstrumentKindTests
{
    [Fact]
    public void Counter_is_a_counter_whose_name_ends_in_total()
    {
        using var metrics = new IsolatedMetrics();
        var reconciles = metrics.Meter.CreateCounter<long>("airwave.reconciles", "{reconcile}", "Reconciles run.");

        reconciles.Add(2, new("kind", "LiveStream"), new("outcome", "success"));
        reconciles.Add(1, new("outcome", "error"), new("kind", "LiveStream"));

        Assert.Equal(
            """
            # HELP airwave_reconciles_total Reconciles run.
            # TYPE airwave_reconciles_total counter
            airwave_reconciles_total{kind="LiveStream",outcome="error"} 1
            airwave_reconciles_total{kind="LiveStream",outcome="success"} 2

            """,
            metrics.Collect());
    }

    [Fact]
    public void UpDownCounter_is_a_gauge_of_the_running_sum()
    {
        using var metrics = new IsolatedMetrics();
        var depth = metrics.Meter.CreateUpDownCounter<int>("airwave.queue.depth", "{item}", "Items waiting in the reconcile queue.");

        depth.Add(3);
        depth.Add(-1);

        Assert.Equal(
            """
            # HELP airwave_queue_depth Items waiting in the reconcile queue.
            # TYPE airwave_queue_depth gauge
            airwave_queue_depth 2

            """,
            metrics.Collect());
    }

    [Fact]
    public void Gauge_reports_the_latest_value()
    {
        using var metrics = new IsolatedMetrics();
        var age = metrics.Meter.CreateGauge<double>("airwave.queue.oldest.age", "s", "Age of the oldest queued item.");

        age.Record(3);
        age.Record(1.5);

        Assert.Equal(
            """
            # HELP airwave_queue_oldest_age_seconds Age of the oldest queued item.
            # TYPE airwave_queue_oldest_age_seconds gauge
            airwave_queue_oldest_age_seconds 1.5

            """,
            metrics.Collect());
    }

    [Fact]
    public void Histogram_uses_the_advised_bucket_boundaries()
    {
        using var metrics = new IsolatedMetrics();
        var duration = metrics.Meter.CreateHistogram<double>(
            "airwave.aws.call.duration",
            "s",
            "Duration of AWS API calls.",
            tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.25, 0.5, 1] });

        KeyValuePair<string, object?>[] call = [new("service", "medialive"), new("operation", "CreateChannel")];
        foreach (var seconds in new[] { 0.25, 0.375, 0.375, 2 })
        {
            duration.Record(seconds, call);
        }

        Assert.Equal(
            """
            # HELP airwave_aws_call_duration_seconds Duration of AWS API calls.
            # TYPE airwave_aws_call_duration_seconds histogram
            airwave_aws_call_duration_seconds_bucket{operation="CreateChannel",service="medialive",le="0.25"} 1
            airwave_aws_call_duration_seconds_bucket{operation="CreateChannel",service="medialive",le="0.5"} 3
            airwave_aws_call_duration_seconds_bucket{operation="CreateChannel",service="medialive",le="1"} 3
            airwave_aws_call_duration_seconds_bucket{operation="CreateChannel",service="medialive",le="+Inf"} 4
            airwave_aws_call_duration_seconds_sum{operation="CreateChannel",service="medialive"} 3
            airwave_aws_call_duration_seconds_count{operation="CreateChannel",service="medialive"} 4

            """,
            metrics.Collect());
    }

    [Fact]
    public void Histogram_without_advice_uses_the_default_seconds_buckets()
    {
        using var metrics = new IsolatedMetrics();
        var provisioning = metrics.Meter.CreateHistogram<double>("airwave.provisioning.duration", "s", "Time from apply to Running.");

        provisioning.Record(0.003);
        provisioning.Record(7);

        Assert.Equal(
            """
            # HELP airwave_provisioning_duration_seconds Time from apply to Running.
            # TYPE airwave_provisioning_duration_seconds histogram
            airwave_provisioning_duration_seconds_bucket{le="0.005"} 1
            airwave_provisioning_duration_seconds_bucket{le="0.01"} 1
            airwave_provisioning_duration_seconds_bucket{le="0.025"} 1
            airwave_provisioning_duration_seconds_bucket{le="0.05"} 1
            airwave_provisioning_duration_seconds_bucket{le="0.1"} 1
            airwave_provisioning_duration_seconds_bucket{le="0.25"} 1
            airwave_provisioning_duration_seconds_bucket{le="0.5"} 1
            airwave_provisioning_duration_seconds_bucket{le="1"} 1
            airwave_provisioning_duration_seconds_bucket{le="2.5"} 1
            airwave_provisioning_duration_seconds_bucket{le="5"} 1
            airwave_provisioning_duration_seconds_bucket{le="10"} 2
            airwave_provisioning_duration_seconds_bucket{le="+Inf"} 2
            airwave_provisioning_duration_seconds_sum 7.003
            airwave_provisioning_duration_seconds_count 2

            """,
            metrics.Collect());
    }

    [Fact]
    public void ObservableCounter_is_a_counter_of_the_reported_total()
    {
        using var metrics = new IsolatedMetrics();
        long uploaded = 1024;
        metrics.Meter.CreateObservableCounter("airwave.archive.uploaded", () => uploaded, "By", "Bytes uploaded to the archive bucket.");

        var first = metrics.Collect();
        uploaded = 4096;

        Assert.Equal(
            """
            # HELP airwave_archive_uploaded_bytes_total Bytes uploaded to the archive bucket.
            # TYPE airwave_archive_uploaded_bytes_total counter
            airwave_archive_uploaded_bytes_total 1024

            """,
            first);
        Assert.Equal(
            """
            # HELP airwave_archive_uploaded_bytes_total Bytes uploaded to the archive bucket.
            # TYPE airwave_archive_uploaded_bytes_total counter
            airwave_archive_uploaded_bytes_total 4096

            """,
            metrics.Collect());
    }

    [Fact]
    public void ObservableUpDownCounter_is_a_gauge_with_a_series_per_reported_label_set()
    {
        using var metrics = new IsolatedMetrics();
        metrics.Meter.CreateObservableUpDownCounter(
            "airwave.streams",
            () => new[] { new Measurement<int>(2, new KeyValuePair<string, object?>("phase", "Running")), new Measurement<int>(1, new KeyValuePair<string, object?>("phase", "Provisioning")) },
            "{stream}",
            "LiveStreams by phase.");

        Assert.Equal(
            """
            # HELP airwave_streams LiveStreams by phase.
            # TYPE airwave_streams gauge
            airwave_streams{phase="Provisioning"} 1
            airwave_streams{phase="Running"} 2

            """,
            metrics.Collect());
    }

    [Fact]
    public void ObservableGauge_of_a_dimensionless_unit_is_a_ratio()
    {
        using var metrics = new IsolatedMetrics();
        metrics.Meter.CreateObservableGauge("airwave.aws.quota.utilization", () => 0.25, "1", "Share of the MediaLive channel quota in use.");

        Assert.Equal(
            """
            # HELP airwave_aws_quota_utilization_ratio Share of the MediaLive channel quota in use.
            # TYPE airwave_aws_quota_utilization_ratio gauge
            airwave_aws_quota_utilization_ratio 0.25

            """,
            metrics.Collect());
    }

    [Fact]
    public void Every_numeric_measurement_type_is_collected()
    {
        using var metrics = new IsolatedMetrics();
        metrics.Meter.CreateCounter<byte>("airwave.byte").Add(1);
        metrics.Meter.CreateCounter<short>("airwave.short").Add(2);
        metrics.Meter.CreateCounter<int>("airwave.int").Add(3);
        metrics.Meter.CreateCounter<long>("airwave.long").Add(4);
        metrics.Meter.CreateCounter<float>("airwave.float").Add(0.5f);
        metrics.Meter.CreateCounter<double>("airwave.double").Add(0.1);
        metrics.Meter.CreateCounter<decimal>("airwave.decimal").Add(7.25m);

        var text = metrics.Collect();

        Assert.Equal(1, Exposition.Value(text, "airwave_byte_total"));
        Assert.Equal(2, Exposition.Value(text, "airwave_short_total"));
        Assert.Equal(3, Exposition.Value(text, "airwave_int_total"));
        Assert.Equal(4, Exposition.Value(text, "airwave_long_total"));
        Assert.Equal(0.5, Exposition.Value(text, "airwave_float_total"));
        Assert.Equal(0.1, Exposition.Value(text, "airwave_double_total"));
        Assert.Equal(7.25, Exposition.Value(text, "airwave_decimal_total"));
    }

    [Fact]
    public void Special_values_are_written_as_Prometheus_reads_them()
    {
        using var metrics = new IsolatedMetrics();
        metrics.Meter.CreateObservableGauge(
            "airwave.special",
            () => new[]
            {
                new Measurement<double>(double.PositiveInfinity, new KeyValuePair<string, object?>("case", "a")),
                new Measurement<double>(double.NegativeInfinity, new KeyValuePair<string, object?>("case", "b")),
                new Measurement<double>(double.NaN, new KeyValuePair<string, object?>("case", "c")),
                new Measurement<double>(1e-7, new KeyValuePair<string, object?>("case", "d")),
                new Measurement<double>(123456789012, new KeyValuePair<string, object?>("case", "e")),
            },
            description: "Values that need care.");

        Assert.Equal(
            """
            # HELP airwave_special Values that need care.
            # TYPE airwave_special gauge
            airwave_special{case="a"} +Inf
            airwave_special{case="b"} -Inf
            airwave_special{case="c"} NaN
            airwave_special{case="d"} 1E-07
            airwave_special{case="e"} 123456789012

            """,
            metrics.Collect());
    }

    [Fact]
    public void An_instrument_without_a_description_is_described_by_its_name()
    {
        using var metrics = new IsolatedMetrics();
        metrics.Meter.CreateCounter<int>("airwave.undocumented").Add(1);

        Assert.StartsWith("# HELP airwave_undocumented_total airwave.undocumented\n", metrics.Collect(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_instrument_with_no_measurements_yet_writes_nothing()
    {
        using var metrics = new IsolatedMetrics();
        metrics.Meter.CreateCounter<int>("airwave.idle", description: "Never incremented.");

        Assert.Equal(string.Empty, metrics.Collect());
    }
}
