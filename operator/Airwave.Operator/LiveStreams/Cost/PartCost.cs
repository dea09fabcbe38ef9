using Airwave.Aws.CloudWatch;

namespace Airwave.Operator.LiveStreams.Cost;

/// <summary>
/// One billed component of what a part holds, while the stream runs: its rate in dollars per hour, or null with the
/// reason in <see cref="Basis"/> when Airwave cannot know it; or, with <see cref="Meter"/>, a component billed by what
/// AWS measured of it, whose amounts come from the meter's readings rather than from running time.
/// </summary>
public sealed record PartCost(string Name, decimal? HourlyRate, string Basis, MeteredUsage? Meter = null)
{
    public static PartCost Unknown(string name, string why) => new(name, null, why);

    public static PartCost Measured(string name, MeteredUsage meter, string basis) => new(name, null, basis, meter);
}

/// <summary>A CloudWatch metric of bytes (its Sum) and what a GB of it costs.</summary>
public sealed record MeteredUsage(Metric Metric, decimal PricePerGb);
