using Airwave.Prometheus.Exposition;

namespace Airwave.Prometheus.Collection;

/// <summary>Groups instruments into metric families: one per name, in name order, never two with the same name.</summary>
internal static class FamilyAssembler
{
    /// <summary>
    /// Instruments that map to the same family name (the same instrument created by two meters of one name, say)
    /// share the family of the first one by meter name, instrument name and publication order. Their series are
    /// combined when they agree on type and buckets: values of the same label set add up, except levels (gauges),
    /// where the first instrument's value stands. Instruments that disagree are left out rather than written twice.
    /// </summary>
    public static IEnumerable<MetricFamily> Assemble(IEnumerable<InstrumentState> instruments) =>
        instruments
            .OrderBy(i => i.Instrument.Meter.Name, StringComparer.Ordinal)
            .ThenBy(i => i.Instrument.Name, StringComparer.Ordinal)
            .ThenBy(i => i.Sequence)
            .GroupBy(i => i.FamilyName, StringComparer.Ordinal)
            .Select(Family)
            .Where(family => family.Series.Count > 0)
            .OrderBy(family => family.Name, StringComparer.Ordinal);

    private static MetricFamily Family(IGrouping<string, InstrumentState> instruments)
    {
        var first = instruments.First();
        var series = new Dictionary<string, SeriesPoint>(StringComparer.Ordinal);
        foreach (var instrument in instruments.Where(i => Compatible(first, i)))
        {
            foreach (var point in instrument.Snapshot())
            {
                if (!series.TryGetValue(point.Labels, out var existing))
                {
                    series[point.Labels] = point;
                }
                else if (first.Shape.IsAdditive)
                {
                    series[point.Labels] = existing.Add(point);
                }
            }
        }

        return new MetricFamily(
            first.FamilyName,
            first.Help,
            first.Shape.Type,
            first.HistogramBounds,
            [.. series.Values.OrderBy(point => point.Labels, StringComparer.Ordinal)]);
    }

    private static bool Compatible(InstrumentState first, InstrumentState other) =>
        first.Shape.Type == other.Shape.Type
        && first.Shape.IsAdditive == other.Shape.IsAdditive
        && first.HistogramBounds.SequenceEqual(other.HistogramBounds);
}
