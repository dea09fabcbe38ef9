namespace Airwave.Prometheus.Exposition;

/// <summary>A counter's or gauge's value.</summary>
internal sealed record ValuePoint(string Labels, double Value) : SeriesPoint(Labels)
{
    public override SeriesPoint Add(SeriesPoint other) => this with { Value = Value + ((ValuePoint)other).Value };
}
