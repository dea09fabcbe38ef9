using System.Diagnostics.Metrics;

namespace Airwave.Prometheus.Tests;

public class CardinalityTests
{
    [Fact]
    public void Label_sets_past_the_cap_go_to_one_overflow_series_and_totals_stay_right()
    {
        using var metrics = new IsolatedMetrics(options => options.MaxLabelSetsPerInstrument = 3);
        var requests = metrics.Meter.CreateCounter<int>("airwave.requests", description: "Requests.");

        for (var stream = 0; stream < 10; stream++)
        {
            requests.Add(1, new KeyValuePair<string, object?>("stream", $"s{stream}"));
        }

        requests.Add(5, new KeyValuePair<string, object?>("stream", "s0"));

        Assert.Equal(
            """
            # HELP airwave_requests_total Requests.
            # TYPE airwave_requests_total counter
            airwave_requests_total{otel_metric_overflow="true"} 7
            airwave_requests_total{stream="s0"} 6
            airwave_requests_total{stream="s1"} 1
            airwave_requests_total{stream="s2"} 1

            """,
            metrics.Collect());
    }

    [Fact]
    public void Observable_label_sets_no_longer_reported_disappear()
    {
        using var metrics = new IsolatedMetrics();
        var phases = new Dictionary<string, int> { ["Provisioning"] = 1 };
        metrics.Meter.CreateObservableGauge(
            "airwave.streams",
            () => phases.Select(p => new Measurement<int>(p.Value, new KeyValuePair<string, object?>("phase", p.Key))).ToArray());

        var before = metrics.Collect();
        phases.Clear();
        phases["Running"] = 1;

        Assert.Equal(1, Exposition.Value(before, "airwave_streams", "phase=\"Provisioning\""));
        Assert.Equal(["phase=\"Running\""], Exposition.Samples(metrics.Collect()).Select(s => s.Labels));
    }

    [Fact]
    public void A_failing_observable_callback_leaves_the_other_metrics_served()
    {
        using var metrics = new IsolatedMetrics();
        metrics.Meter.CreateObservableGauge<int>("airwave.broken", (Func<int>)(() => throw new InvalidOperationException("callback failed")));
        metrics.Meter.CreateObservableGauge("airwave.working", () => 1);

        Assert.Equal(["airwave_working"], Exposition.Samples(metrics.Collect()).Select(s => s.Name));
    }
}
