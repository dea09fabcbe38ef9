namespace Airwave.Prometheus.Collection;

/// <summary>How an instrument's measurements become a series' value.</summary>
internal enum Aggregation
{
    /// <summary>Measurements are deltas (Counter, UpDownCounter): the series holds their sum.</summary>
    Sum,

    /// <summary>Measurements are the current value (observable instruments report totals, Gauge reports levels).</summary>
    LastValue,

    /// <summary>Measurements are counted into buckets and summed.</summary>
    Histogram,
}
