using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Airwave.Prometheus.Collection;
using Airwave.Prometheus.Exposition;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Airwave.Prometheus;

/// <summary>
/// Collects System.Diagnostics.Metrics instruments of the selected meters from the moment it is created and
/// renders them in the Prometheus text exposition format 0.0.4. Safe to record into and collect from any thread.
/// </summary>
public sealed partial class PrometheusExporter : IDisposable
{
    /// <summary>The Content-Type of the text exposition format 0.0.4.</summary>
    public const string ContentType = TextFormat.ContentType;

    private readonly double[] defaultBoundaries;
    private readonly int maxLabelSets;
    private readonly ILogger logger;
    private readonly MeterSelector selector;
    private readonly IMeterFactory? meterFactory;
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentState> instruments = new();
    private readonly Lock collection = new();
    private long published;

    /// <summary>Starts listening to the meters <paramref name="options"/> selects.</summary>
    /// <param name="meterFactory">
    /// The host's meter factory: meters another factory made (another host in the same process, such as a second
    /// service in a test) are left out; meters made without a factory, such as the runtime's, are the process's and
    /// are collected.
    /// </param>
    public PrometheusExporter(PrometheusExporterOptions options, ILogger<PrometheusExporter>? logger = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxLabelSetsPerInstrument);
        maxLabelSets = options.MaxLabelSetsPerInstrument;
        defaultBoundaries = [.. options.DefaultHistogramBoundaries];
        if (!defaultBoundaries.All(double.IsFinite) || defaultBoundaries.Zip(defaultBoundaries.Skip(1)).Any(pair => pair.First >= pair.Second))
        {
            throw new ArgumentException("DefaultHistogramBoundaries must be finite and strictly increasing.", nameof(options));
        }

        this.logger = logger ?? NullLogger<PrometheusExporter>.Instance;
        selector = new MeterSelector(options.Meters);
        this.meterFactory = meterFactory;

        listener.InstrumentPublished = OnInstrumentPublished;
        listener.MeasurementsCompleted = (instrument, _) => instruments.TryRemove(instrument, out InstrumentState? _);
        listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((InstrumentState)state!).Record((double)value, tags));
        listener.Start();
    }

    /// <summary>
    /// Observes the observable instruments and renders every family: HELP and TYPE, then its series,
    /// families in name order and series in label order.
    /// </summary>
    public string Collect()
    {
        // One collection at a time: observable instruments are cleared and observed again on each.
        lock (collection)
        {
            foreach (var state in instruments.Values.Where(state => state.Instrument.IsObservable))
            {
                state.Clear();
            }

            try
            {
                listener.RecordObservableInstruments();
            }
            catch (AggregateException failures)
            {
                // A failing callback must not take down the other metrics; the ones it failed to observe are absent.
                LogObservationFailed(logger, failures);
            }

            return TextExpositionWriter.Write(FamilyAssembler.Assemble(instruments.Values));
        }
    }

    /// <summary>Stops listening.</summary>
    public void Dispose() => listener.Dispose();

    private void OnInstrumentPublished(Instrument instrument, MeterListener source)
    {
        var otherHost = instrument.Meter.Scope is IMeterFactory owner && meterFactory is not null && !ReferenceEquals(owner, meterFactory);
        if (otherHost || !selector.Selects(instrument.Meter.Name) || InstrumentShape.Of(instrument) is not { } shape)
        {
            return;
        }

        var state = new InstrumentState(instrument, shape, Interlocked.Increment(ref published), defaultBoundaries, maxLabelSets);
        instruments[instrument] = state;
        source.EnableMeasurementEvents(instrument, state);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An observable instrument's callback failed while collecting metrics")]
    private static partial void LogObservationFailed(ILogger logger, Exception exception);
}
