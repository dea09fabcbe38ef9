namespace Airwave.Prometheus.Exposition;

/// <summary>One series of a family at collection time.</summary>
/// <param name="Labels">The rendered label pairs without braces, <c>a="x",b="y"</c>; empty for a series without labels.</param>
internal abstract record SeriesPoint(string Labels)
{
    /// <summary>The sum of two points of the same series from instruments that share a family.</summary>
    public abstract SeriesPoint Add(SeriesPoint other);
}
