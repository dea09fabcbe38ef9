using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Airwave.Prometheus.Exposition;
using Airwave.Prometheus.Naming;

namespace Airwave.Prometheus.Collection;

/// <summary>Everything collected for one instrument: its family name and help, and a series per label set.</summary>
internal sealed class InstrumentState
{
    private readonly ConcurrentDictionary<string, Series> series = new(StringComparer.Ordinal);
    private readonly Lock admission = new();
    private readonly int maxLabelSets;
    private int labelSets;

    public InstrumentState(Instrument instrument, InstrumentShape shape, long sequence, double[] defaultBoundaries, int maxLabelSets)
    {
        Instrument = instrument;
        Shape = shape;
        Sequence = sequence;
        FamilyName = MetricNames.FamilyName(instrument.Name, instrument.Unit, shape.Type);
        Help = string.IsNullOrWhiteSpace(instrument.Description) ? instrument.Name : instrument.Description;
        HistogramBounds = shape.Type == MetricType.Histogram
            ? HistogramBoundaries.For(instrument, defaultBoundaries)
            : [];
        this.maxLabelSets = maxLabelSets;
    }

    public Instrument Instrument { get; }

    public InstrumentShape Shape { get; }

    /// <summary>Publication order, which breaks ties between instruments with the same meter and instrument names.</summary>
    public long Sequence { get; }

    public string FamilyName { get; }

    public string Help { get; }

    public double[] HistogramBounds { get; }

    public void Record(double measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = LabelSet.Format(tags, Shape.Type == MetricType.Histogram);
        if (!series.TryGetValue(labels, out var target))
        {
            target = Admit(labels);
        }

        target.Record(measurement);
    }

    /// <summary>Forgets every series; observable instruments report their whole state again on each observation.</summary>
    public void Clear()
    {
        lock (admission)
        {
            series.Clear();
            labelSets = 0;
        }
    }

    public IEnumerable<SeriesPoint> Snapshot() => series.Select(entry => entry.Value.Snapshot(entry.Key));

    private Series Admit(string labels)
    {
        lock (admission)
        {
            if (series.TryGetValue(labels, out var existing))
            {
                return existing;
            }

            if (labelSets >= maxLabelSets)
            {
                return series.GetOrAdd(LabelSet.Overflow, _ => Series.Create(Shape.Aggregation, HistogramBounds));
            }

            labelSets++;
            var created = Series.Create(Shape.Aggregation, HistogramBounds);
            series[labels] = created;
            return created;
        }
    }
}
