using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Operator.Configuration;

namespace Airwave.Operator.LiveStreams.Cost;

/// <summary>
/// Keeps status.cost: each part of the stream's row says what it bills per hour (<see cref="IStreamPart.Costs"/>), and
/// the time its sessions ran is counted at those rates. Counting is a function of the status it starts from (what was
/// counted, and until when), so a pass that reads a stale status, or whose write is lost, counts the same time again
/// from the same start and the sums come out the same.
/// </summary>
public sealed class StreamCosts(OperatorOptions options)
{
    /// <summary>Brings the draft's cost up to the pass's time.</summary>
    public void Count(StreamPass pass)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var parts = PartsOf(pass.Stream, pass.Layout);
        pass.Draft.Update(status => status with { Cost = Counted(status, parts, pass.Now, options.Prices.AsOf) });
    }

    /// <summary>What a deleted stream cost in all: a session still open when it was deleted counted to <paramref name="now"/>.</summary>
    public CostStatus AtDeletion(LiveStream stream, StreamLayout layout, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Counted(ClosedAt(stream.Status ?? new LiveStreamStatus(), now), PartsOf(stream, layout), now, options.Prices.AsOf);
    }

    /// <summary>The status with its last session, if still open, stopped at <paramref name="now"/>.</summary>
    public static LiveStreamStatus ClosedAt(LiveStreamStatus status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status.Sessions is [.., { StoppedAt: null } open]
            ? status with { Sessions = [.. status.Sessions.Take(status.Sessions.Count - 1), open with { StoppedAt = now }] }
            : status;
    }

    private List<PartCost> PartsOf(LiveStream stream, StreamLayout layout) =>
        layout.Parts.SelectMany(part => part.Costs(stream, options.Prices)).DistinctBy(cost => cost.Name).ToList();

    /// <summary>
    /// The cost with the latest session's running time counted: while it runs, in whole minutes from its start (so
    /// passes within a minute change nothing and write nothing); once it stopped, to the stop.
    /// </summary>
    public static CostStatus Counted(LiveStreamStatus status, IReadOnlyList<PartCost> parts, DateTimeOffset now, string pricesAsOf)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(parts);
        var before = status.Cost;
        var session = status.Sessions.Count > 0 ? status.Sessions[^1] : null;
        var sameSession = session is not null && before?.SessionId == session.Id;
        var from = sameSession ? before!.CountedUntil ?? session!.StartedAt : session?.StartedAt;
        var until = session is null ? (DateTimeOffset?)null : session.StoppedAt ?? session.StartedAt + WholeMinutes(now - session.StartedAt);
        var hours = from is { } start && until is { } end && end > start ? (decimal)(end - start).TotalHours : 0m;

        var totals = before?.Components.ToDictionary(c => c.Name, c => CostAmount.Parse(c.Total), StringComparer.Ordinal) ?? [];
        var components = parts.Select(part => new CostComponent
        {
            Name = part.Name,
            HourlyRate = CostAmount.FormatOrUnknown(part.HourlyRate),
            Total = CostAmount.FormatOrUnknown(part.HourlyRate is { } rate ? totals.GetValueOrDefault(part.Name) + (rate * hours) : null),
            Basis = part.Basis,
        }).ToList();

        var known = parts.Where(part => part.HourlyRate is not null).ToList();
        var rateNow = known.Sum(part => part.HourlyRate!.Value);
        var sessionSoFar = (sameSession ? CostAmount.Parse(before!.Session) : 0m) + (rateNow * hours);
        var (month, monthToDate) = CountMonth(before, from, until, rateNow);
        return new CostStatus
        {
            HourlyRate = known.Count > 0 ? CostAmount.Format(rateNow) : CostStatus.Unknown,
            SessionId = session?.Id,
            Session = known.Count > 0 ? CostAmount.Format(sessionSoFar) : CostStatus.Unknown,
            Total = known.Count > 0 ? CostAmount.Format(components.Where(c => c.Total != CostStatus.Unknown).Sum(c => CostAmount.Parse(c.Total))) : CostStatus.Unknown,
            Month = month,
            MonthToDate = known.Count > 0 ? CostAmount.Format(monthToDate) : CostStatus.Unknown,
            CountedUntil = hours > 0 || !sameSession ? until : before!.CountedUntil,
            PricesAsOf = pricesAsOf,
            Components = components,
        };
    }

    /// <summary>
    /// The month running time was last counted in, and what was counted in it: a count that crosses into a new month
    /// adds only the time after the month began, and starts the month's amount over.
    /// </summary>
    private static (string? Month, decimal Dollars) CountMonth(CostStatus? before, DateTimeOffset? from, DateTimeOffset? until, decimal rate)
    {
        if (until is not { } end)
        {
            return (before?.Month, CostAmount.Parse(before?.MonthToDate));
        }

        var month = SpendMonth.Of(end);
        var carried = before?.Month == month.Name ? CostAmount.Parse(before.MonthToDate) : 0m;
        return (month.Name, carried + (from is { } start ? rate * month.HoursWithin(start, end) : 0m));
    }

    private static TimeSpan WholeMinutes(TimeSpan running) =>
        running <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromMinutes(Math.Floor(running.TotalMinutes));
}
