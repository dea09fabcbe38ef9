namespace Airwave.Operator.LiveStreams.Cost;

/// <summary>
/// One billed component of what a part holds, while the stream runs: its rate in dollars per hour, or null with the
/// reason in <see cref="Basis"/> when Airwave cannot know it.
/// </summary>
public sealed record PartCost(string Name, decimal? HourlyRate, string Basis)
{
    public static PartCost Unknown(string name, string why) => new(name, null, why);
}
