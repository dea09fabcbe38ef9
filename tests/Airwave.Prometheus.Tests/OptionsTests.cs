namespace Airwave.Prometheus.Tests;

public class OptionsTests
{
    [Fact]
    public void Default_boundaries_out_of_order_are_rejected()
    {
        var options = new PrometheusExporterOptions();
        options.DefaultHistogramBoundaries.Add(0.001);

        var error = Assert.Throws<ArgumentException>(() => new PrometheusExporter(options));
        Assert.Contains("strictly increasing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_set_cap_below_one_is_rejected()
    {
        var options = new PrometheusExporterOptions { MaxLabelSetsPerInstrument = 0 };

        Assert.Throws<ArgumentOutOfRangeException>(() => new PrometheusExporter(options));
    }
}
