namespace Airwave.Prometheus.Tests;

/// <summary>How instrument names, units and tag keys become Prometheus names.</summary>
public class NamingTests
{
    public static TheoryData<string, string?, string, string> FamilyNames() => new()
    {
        { "http.server.request.duration", "s", "histogram", "http_server_request_duration_seconds" },
        { "airwave.archive.size", "By", "gauge", "airwave_archive_size_bytes" },
        { "airwave.requests", "{request}", "counter", "airwave_requests_total" },
        { "airwave.requests.total", null, "counter", "airwave_requests_total" },
        { "airwave.pause.time", "s", "counter", "airwave_pause_time_seconds_total" },
        { "airwave.latency.seconds", "s", "gauge", "airwave_latency_seconds" },
        { "airwave.upload.rate", "By/s", "gauge", "airwave_upload_rate_bytes_per_second" },
        { "airwave.events.rate", "{event}/s", "gauge", "airwave_events_rate_per_second" },
        { "airwave.cpu.utilization", "1", "gauge", "airwave_cpu_utilization_ratio" },
        { "airwave.items.count", "{item}", "gauge", "airwave_items_count_current" },
        { "airwave.items.count", "{item}", "counter", "airwave_items_count_total" },
        { "airwave.memory.total", "By", "gauge", "airwave_memory_total_bytes" },
        { "airwave.memory.total", null, "gauge", "airwave_memory_total_current" },
        { "3d-render:frames", null, "gauge", "_3d_render_frames" },
        { "airwave..odd--name", null, "gauge", "airwave_odd_name" },
    };

    [Theory]
    [MemberData(nameof(FamilyNames))]
    public void Family_name_folds_the_unit_and_type_suffix_into_the_instrument_name(string instrumentName, string? unit, string type, string expected)
    {
        using var metrics = new IsolatedMetrics();
        switch (type)
        {
            case "counter":
                metrics.Meter.CreateCounter<int>(instrumentName, unit, "help").Add(1);
                break;
            case "gauge":
                metrics.Meter.CreateGauge<int>(instrumentName, unit, "help").Record(1);
                break;
            default:
                metrics.Meter.CreateHistogram<int>(instrumentName, unit, "help").Record(1);
                break;
        }

        Assert.Equal([$"# TYPE {expected} {type}"], Exposition.TypeLines(metrics.Collect()));
    }

    [Theory]
    [InlineData("gc.heap.generation", "gc_heap_generation")]
    [InlineData("http-method", "http_method")]
    [InlineData("2xx", "key_2xx")]
    [InlineData("__name__", "key___name__")]
    [InlineData("outcome", "outcome")]
    public void Tag_keys_become_valid_label_names(string key, string expected)
    {
        using var metrics = new IsolatedMetrics();
        metrics.Meter.CreateCounter<int>("airwave.labelled").Add(1, new KeyValuePair<string, object?>(key, "v"));

        Assert.Equal($"{expected}=\"v\"", Exposition.Samples(metrics.Collect()).Single().Labels);
    }

    [Fact]
    public void Tags_whose_keys_become_the_same_label_name_are_joined_in_key_order()
    {
        using var metrics = new IsolatedMetrics();
        metrics.Meter.CreateCounter<int>("airwave.labelled").Add(1, new("a_b", "second"), new("a.b", "first"));

        Assert.Equal("a_b=\"first;second\"", Exposition.Samples(metrics.Collect()).Single().Labels);
    }

    [Fact]
    public void A_histogram_tag_named_le_does_not_clash_with_the_bucket_label()
    {
        using var metrics = new IsolatedMetrics(options =>
        {
            options.DefaultHistogramBoundaries.Clear();
            options.DefaultHistogramBoundaries.Add(1);
        });
        metrics.Meter.CreateHistogram<int>("airwave.sizes").Record(1, new KeyValuePair<string, object?>("le", "tag"));
        metrics.Meter.CreateCounter<int>("airwave.plain").Add(1, new KeyValuePair<string, object?>("le", "tag"));

        Assert.Equal(
            ["le=\"tag\"", "key_le=\"tag\",le=\"1\"", "key_le=\"tag\",le=\"+Inf\"", "key_le=\"tag\"", "key_le=\"tag\""],
            Exposition.Samples(metrics.Collect()).Select(s => s.Labels));
    }

    [Fact]
    public void Tag_values_of_any_type_are_written_invariantly()
    {
        using var metrics = new IsolatedMetrics();
        metrics.Meter.CreateCounter<int>("airwave.labelled").Add(
            1,
            new("bool", true),
            new("double", 1.5),
            new("int", 42),
            new("missing", null),
            new("phase", PhaseForTest.Running));

        Assert.Equal(
            "bool=\"true\",double=\"1.5\",int=\"42\",missing=\"\",phase=\"Running\"",
            Exposition.Samples(metrics.Collect()).Single().Labels);
    }

    private enum PhaseForTest
    {
        Running,
    }
}
