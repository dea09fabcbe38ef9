using Airwave.Api.Common;

namespace Airwave.Operator.LiveStreams.Cost;

/// <summary>
/// What a metered component cost, in dollars, as read at <see cref="MeasuredAt"/>: since the resource was created, in
/// the current session (from the hour it began), in the month of the reading, and in the last whole hour.
/// </summary>
public sealed record UsageReading(decimal Total, decimal Session, decimal MonthToDate, decimal LastHour, DateTimeOffset MeasuredAt)
{
    public SpendMonth Month => SpendMonth.Of(MeasuredAt);
}
