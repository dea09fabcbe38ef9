using System.Diagnostics.Metrics;
using Airwave.Prometheus.Exposition;

namespace Airwave.Prometheus.Collection;

/// <summary>What kind of Prometheus metric an instrument is and how its measurements aggregate.</summary>
/// <param name="IsAdditive">
/// Whether two instruments' values for the same label set add up when they share a family name
/// (two counters do; two gauges reporting a level do not).
/// </param>
internal sealed record InstrumentShape(MetricType Type, Aggregation Aggregation, bool IsAdditive)
{
    private static readonly Dictionary<Type, InstrumentShape> Shapes = new()
    {
        [typeof(Counter<>)] = new(MetricType.Counter, Aggregation.Sum, IsAdditive: true),
        [typeof(ObservableCounter<>)] = new(MetricType.Counter, Aggregation.LastValue, IsAdditive: true),
        [typeof(UpDownCounter<>)] = new(MetricType.Gauge, Aggregation.Sum, IsAdditive: true),
        [typeof(ObservableUpDownCounter<>)] = new(MetricType.Gauge, Aggregation.LastValue, IsAdditive: true),
        [typeof(Gauge<>)] = new(MetricType.Gauge, Aggregation.LastValue, IsAdditive: false),
        [typeof(ObservableGauge<>)] = new(MetricType.Gauge, Aggregation.LastValue, IsAdditive: false),
        [typeof(Histogram<>)] = new(MetricType.Histogram, Aggregation.Histogram, IsAdditive: true),
    };

    /// <summary>
    /// Levels the .NET runtime publishes as ObservableCounter although they go down (dotnet/runtime#112077,
    /// #126167): as Prometheus counters a drop would read as a restart, so they are exported as the
    /// ObservableUpDownCounter the runtime documents.
    /// </summary>
    private static readonly HashSet<(string Meter, string Instrument)> MisdeclaredRuntimeLevels =
    [
        ("System.Runtime", "dotnet.thread_pool.thread.count"),
        ("System.Runtime", "dotnet.thread_pool.queue.length"),
    ];

    /// <summary>The shape of <paramref name="instrument"/>, or null for an instrument type this exporter does not know.</summary>
    public static InstrumentShape? Of(Instrument instrument)
    {
        if (MisdeclaredRuntimeLevels.Contains((instrument.Meter.Name, instrument.Name)))
        {
            return Shapes[typeof(ObservableUpDownCounter<>)];
        }

        var type = instrument.GetType();
        return type.IsGenericType && Shapes.TryGetValue(type.GetGenericTypeDefinition(), out var shape) ? shape : null;
    }
}
