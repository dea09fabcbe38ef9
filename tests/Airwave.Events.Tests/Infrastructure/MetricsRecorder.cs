using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Airwave.Events.Tests.Infrastructure;

/// <summary>Sums what one meter's counters and gauges report.</summary>
public sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, double> _totals = new();
    private readonly ConcurrentDictionary<string, double> _latest = new();

    public MetricsRecorder(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Record(instrument, value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Record(instrument, value));
        _listener.Start();
    }

    /// <summary>A counter's sum over all tags.</summary>
    public double Total(string name) => _totals.GetValueOrDefault(name);

    /// <summary>A gauge's value when last observed.</summary>
    public double Gauge(string name)
    {
        _listener.RecordObservableInstruments();
        return _latest.GetValueOrDefault(name);
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value)
    {
        _totals.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
        _latest[instrument.Name] = value;
    }
}
