namespace Airwave.Prometheus.Tests;

public class EscapingTests
{
    [Fact]
    public void Label_values_escape_backslash_double_quote_and_newline()
    {
        using var metrics = new IsolatedMetrics();
        metrics.Meter.CreateCounter<int>("airwave.errors", description: "Errors.")
            .Add(1, new KeyValuePair<string, object?>("message", "C:\\media \"live\"\nsecond line"));

        Assert.Equal(
            """
            # HELP airwave_errors_total Errors.
            # TYPE airwave_errors_total counter
            airwave_errors_total{message="C:\\media \"live\"\nsecond line"} 1

            """,
            metrics.Collect());
    }

    [Fact]
    public void Help_text_escapes_backslash_and_newline_but_not_double_quote()
    {
        using var metrics = new IsolatedMetrics();
        metrics.Meter.CreateCounter<int>("airwave.documented", description: "Counts \"things\" under C:\\media.\nSecond line.").Add(1);

        Assert.StartsWith(
            """
            # HELP airwave_documented_total Counts "things" under C:\\media.\nSecond line.
            # TYPE airwave_documented_total counter

            """,
            metrics.Collect(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Unicode_label_values_pass_through_unchanged()
    {
        using var metrics = new IsolatedMetrics();
        metrics.Meter.CreateCounter<int>("airwave.streams.started").Add(1, new KeyValuePair<string, object?>("title", "Café ▶ 直播"));

        Assert.Equal("title=\"Café ▶ 直播\"", Exposition.Samples(metrics.Collect()).Single().Labels);
    }
}
