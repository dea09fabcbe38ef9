using System.Diagnostics.Metrics;

namespace Airwave.Prometheus.Tests;

/// <summary>
/// A meter with a name no other test uses and an exporter that collects only it, so tests running in
/// parallel in one process (MeterListener is process-wide) never see each other's measurements.
/// </summary>
internal sealed class IsolatedMetrics : IDisposable
{
    public IsolatedMetrics(Action<PrometheusExporterOptions>? configure = null)
    {
        MeterName = $"Airwave.Tests.{Guid.NewGuid():N}";
        Meter = new Meter(MeterName);
        var options = new PrometheusExporterOptions();
        options.Meters.Clear();
        options.Meters.Add(MeterName);
        configure?.Invoke(options);
        Exporter = new PrometheusExporter(options);
    }

    public string MeterName { get; }

    public Meter Meter { get; }

    public PrometheusExporter Exporter { get; }

    public string Collect() => Exporter.Collect();

    public void Dispose()
    {
        Exporter.Dispose();
        Meter.Dispose();
    }
}
