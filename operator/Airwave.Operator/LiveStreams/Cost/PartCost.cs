using Airwave.Aws.CloudWatch;
using Airwave.Aws.S3;
using Airwave.Operator.Configuration;

namespace Airwave.Operator.LiveStreams.Cost;

/// <summary>
/// One billed component of what a part holds, while the stream runs: its rate in dollars per hour, or null with the
/// reason in <see cref="Basis"/> when Airwave cannot know it; or, with <see cref="Usage"/>, a component billed by what
/// AWS measured of it, whose amounts come from readings of that usage rather than from running time.
/// </summary>
public sealed record PartCost(string Name, decimal? HourlyRate, string Basis, Usage? Usage = null)
{
    public static PartCost Unknown(string name, string why) => new(name, null, why);

    public static PartCost Measured(string name, Usage usage, string basis) => new(name, null, basis, usage);
}

/// <summary>What a measured component is read from: a CloudWatch metric (<see cref="MeteredUsage"/>) or what S3 holds (<see cref="StoredUsage"/>).</summary>
public abstract record Usage;

/// <summary>A CloudWatch metric (its Sum), the unit AWS bills it by and what one of those costs.</summary>
public sealed record MeteredUsage(Metric Metric, BilledUnit Unit, decimal Price) : Usage
{
    /// <summary>A metric of bytes, billed by the GB.</summary>
    public static MeteredUsage PerGb(Metric metric, decimal price) => new(metric, BilledUnit.Gigabyte, price);

    /// <summary>A metric of seconds, billed by the hour.</summary>
    public static MeteredUsage PerHour(Metric metric, decimal price) => new(metric, BilledUnit.Hour, price);

    /// <summary>What <paramref name="sum"/> of the metric costs.</summary>
    public decimal Dollars(double sum) => (decimal)sum / Unit.Size * Price;
}

/// <summary>A billed unit as a number of the metric's own units: a GB of bytes, an hour of seconds.</summary>
public sealed record BilledUnit(string Name, decimal Size)
{
    public static BilledUnit Gigabyte { get; } = new("GB", 1_000_000_000m);

    public static BilledUnit Hour { get; } = new("hour", 3600m);
}

/// <summary>The objects under some S3 folders, billed by the GB-month while they are stored.</summary>
public sealed record StoredUsage(IReadOnlyList<S3Path> Folders, S3Prices Prices) : Usage;
