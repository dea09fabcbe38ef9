using System.Diagnostics.Metrics;

namespace Airwave.Prometheus.Tests;

/// <summary>Which instruments are collected and how they group into families.</summary>
public class FamilyTests
{
    [Fact]
    public void Families_are_ordered_by_name_and_series_by_labels()
    {
        using var metrics = new IsolatedMetrics();
        var zeta = metrics.Meter.CreateCounter<int>("airwave.zeta");
        var alpha = metrics.Meter.CreateCounter<int>("airwave.alpha");
        zeta.Add(1);
        alpha.Add(1, new KeyValuePair<string, object?>("k", "b"));
        alpha.Add(1, new KeyValuePair<string, object?>("k", "a"));

        var text = metrics.Collect();

        Assert.Equal(["airwave_alpha_total", "airwave_alpha_total", "airwave_zeta_total"], Exposition.Samples(text).Select(s => s.Name));
        Assert.Equal(["k=\"a\"", "k=\"b\"", ""], Exposition.Samples(text).Select(s => s.Labels));
        Assert.Equal(text, metrics.Collect());
    }

    [Fact]
    public void Same_instrument_from_two_meters_of_one_name_is_one_family_with_values_added()
    {
        using var metrics = new IsolatedMetrics();
        using var second = new Meter(metrics.MeterName);
        metrics.Meter.CreateCounter<int>("airwave.jobs", description: "Jobs.").Add(2, new KeyValuePair<string, object?>("queue", "a"));
        var other = second.CreateCounter<int>("airwave.jobs", description: "Jobs.");
        other.Add(3, new KeyValuePair<string, object?>("queue", "a"));
        other.Add(1, new KeyValuePair<string, object?>("queue", "b"));

        Assert.Equal(
            """
            # HELP airwave_jobs_total Jobs.
            # TYPE airwave_jobs_total counter
            airwave_jobs_total{queue="a"} 5
            airwave_jobs_total{queue="b"} 1

            """,
            metrics.Collect());
    }

    [Fact]
    public void Instruments_that_disagree_on_a_family_are_not_written_twice()
    {
        using var metrics = new IsolatedMetrics();
        using var second = new Meter(metrics.MeterName);
        metrics.Meter.CreateHistogram<double>("airwave.wait", "s", null, null, new InstrumentAdvice<double> { HistogramBucketBoundaries = [1] }).Record(0.5);
        second.CreateHistogram<double>("airwave.wait", "s", null, null, new InstrumentAdvice<double> { HistogramBucketBoundaries = [2] }).Record(0.5);

        var text = metrics.Collect();

        Assert.Equal(["# TYPE airwave_wait_seconds histogram"], Exposition.TypeLines(text));
        Assert.Equal(1, Exposition.Value(text, "airwave_wait_seconds_count"));
    }

    [Fact]
    public void Prefix_patterns_select_meters_below_the_prefix_only()
    {
        var prefix = $"Airwave.Tests.{Guid.NewGuid():N}";
        var options = new PrometheusExporterOptions();
        options.Meters.Clear();
        options.Meters.Add($"{prefix.ToUpperInvariant()}.*");
        using var exporter = new PrometheusExporter(options);
        using var below = new Meter($"{prefix}.Operator");
        using var deeper = new Meter($"{prefix}.Operator.Aws");
        using var exact = new Meter(prefix);
        using var sibling = new Meter($"{prefix}Legacy");

        below.CreateCounter<int>("airwave.below").Add(1);
        deeper.CreateCounter<int>("airwave.deeper").Add(1);
        exact.CreateCounter<int>("airwave.exact").Add(1);
        sibling.CreateCounter<int>("airwave.sibling").Add(1);

        Assert.Equal(["airwave_below_total", "airwave_deeper_total"], Exposition.Samples(exporter.Collect()).Select(s => s.Name));
    }

    [Fact]
    public void Instruments_created_before_the_exporter_are_collected_from_then_on()
    {
        var meterName = $"Airwave.Tests.{Guid.NewGuid():N}";
        using var meter = new Meter(meterName);
        var starts = meter.CreateCounter<int>("airwave.starts");
        starts.Add(1);
        var options = new PrometheusExporterOptions();
        options.Meters.Clear();
        options.Meters.Add(meterName);
        using var exporter = new PrometheusExporter(options);

        starts.Add(1);

        Assert.Equal(1, Exposition.Value(exporter.Collect(), "airwave_starts_total"));
    }

    [Fact]
    public void A_disposed_meter_s_metrics_are_no_longer_written()
    {
        using var metrics = new IsolatedMetrics();
        using var shortLived = new Meter(metrics.MeterName);
        metrics.Meter.CreateCounter<int>("airwave.kept").Add(1);
        shortLived.CreateCounter<int>("airwave.gone").Add(1);

        shortLived.Dispose();

        Assert.Equal(["airwave_kept_total"], Exposition.Samples(metrics.Collect()).Select(s => s.Name));
    }

    [Fact]
    public void The_default_options_collect_the_runtime_meter()
    {
        using var exporter = new PrometheusExporter(new PrometheusExporterOptions());

        var names = Exposition.Samples(exporter.Collect()).Select(s => s.Name).ToHashSet();

        Assert.Contains("dotnet_process_cpu_time_seconds_total", names);
        Assert.Contains("dotnet_process_memory_working_set_bytes", names);
        Assert.Contains("dotnet_gc_collections_total", names);
        Assert.Contains("dotnet_thread_pool_thread_count_current", names);
    }
}
