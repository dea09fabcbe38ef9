using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Operator.Configuration;

namespace Airwave.Operator.LiveStreams.Cost;

/// <summary>
/// Keeps status.cost: each part of the stream's row says what it bills per hour (<see cref="IStreamPart.Costs"/>), and
/// the time its sessions ran is counted at those rates. Counting is a function of the status it starts from (what was
/// counted, and until when), so a pass that reads a stale status, or whose write is lost, counts the same time again
/// from the same start and the sums come out the same. A measured component (delivery and IVS viewer hours from
/// CloudWatch, the recordings' storage from S3) is read from what AWS holds, and its amounts replace the last reading's.
/// </summary>
public sealed class StreamCosts(OperatorOptions options, UsageMeter meter, StorageMeter storage)
{
    /// <summary>Brings the draft's cost up to the pass's time, reading the metered components that are due.</summary>
    public async Task CountAsync(StreamPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var parts = PartsOf(pass.Stream, pass.Layout);
        var readings = new Dictionary<string, UsageReading>(StringComparer.Ordinal);
        var status = pass.Draft.Status;
        foreach (var part in parts.Where(p => p.Usage is not null && Due(status, p.Name, pass.Now)))
        {
            if (await ReadAsync(pass, status, part, cancellationToken) is { } reading)
            {
                readings[part.Name] = reading;
            }
        }

        pass.Draft.Update(s => s with { Cost = Counted(s, parts, pass.Now, options.Prices.AsOf, readings) });
    }

    private Task<UsageReading?> ReadAsync(StreamPass pass, LiveStreamStatus status, PartCost part, CancellationToken cancellationToken)
    {
        var session = status.Sessions.Count > 0 ? status.Sessions[^1] : null;
        var resource = $"LiveStream {pass.Stream.Metadata.Namespace}/{pass.Stream.Metadata.Name}";
        return part.Usage switch
        {
            MeteredUsage metered => meter.ReadAsync(resource, metered, pass.Stream.Metadata.CreationTimestamp ?? pass.Now, session?.StartedAt, pass.Now, cancellationToken),
            StoredUsage stored => storage.ReadAsync(
                resource,
                stored,
                status.Cost?.Components.FirstOrDefault(c => c.Name == part.Name),
                status.Sessions.FirstOrDefault(s => s.ArchivePath is not null)?.StartedAt ?? pass.Now,
                session?.StartedAt,
                pass.Now,
                cancellationToken),
            _ => throw new InvalidOperationException($"{part.Name} is measured in a way Airwave cannot read"),
        };
    }

    /// <summary>
    /// Whether a metered component is read now: once a session has run for a resync interval (nothing is delivered
    /// before), again when it stopped, and at each full check in between. Usage is billed by the GB or the viewer hour,
    /// not watched by the minute: one read per stream per full check keeps resyncs from reading CloudWatch.
    /// </summary>
    private bool Due(LiveStreamStatus status, string component, DateTimeOffset now)
    {
        if (status.Sessions.Count == 0)
        {
            return false;
        }

        var session = status.Sessions[^1];
        var read = status.Cost?.Components.FirstOrDefault(c => c.Name == component)?.MeasuredAt;
        var underway = now - session.StartedAt >= options.ResyncInterval;
        return read is not { } at
            ? underway
            : (at < session.StartedAt && underway) || (session.StoppedAt is { } stopped && at < stopped) || now - at >= options.FullCheckInterval;
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
    /// passes within a minute change nothing and write nothing); once it stopped, to the stop. A metered component
    /// takes its new reading from <paramref name="readings"/>, or keeps its last one.
    /// </summary>
    public static CostStatus Counted(LiveStreamStatus status, IReadOnlyList<PartCost> parts, DateTimeOffset now, string pricesAsOf, IReadOnlyDictionary<string, UsageReading>? readings = null)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(parts);
        var before = status.Cost;
        var session = status.Sessions.Count > 0 ? status.Sessions[^1] : null;
        var sameSession = session is not null && before?.SessionId == session.Id;
        var from = sameSession ? before!.CountedUntil ?? session!.StartedAt : session?.StartedAt;
        var until = session is null ? (DateTimeOffset?)null : session.StoppedAt ?? session.StartedAt + WholeMinutes(now - session.StartedAt);
        var hours = from is { } start && until is { } end && end > start ? (decimal)(end - start).TotalHours : 0m;

        var previous = before?.Components.ToDictionary(c => c.Name, StringComparer.Ordinal) ?? [];
        var timed = parts.Where(part => part.Usage is null).ToList();
        var components = parts.Select(part => part.Usage is null
            ? Timed(part, previous.GetValueOrDefault(part.Name), hours)
            : Metered(part, previous.GetValueOrDefault(part.Name), readings?.GetValueOrDefault(part.Name), session?.StartedAt)).ToList();

        var measuredBefore = previous.Values.Where(c => c.MeasuredAt is not null).ToList();
        var measured = components.Where(c => c.MeasuredAt is not null).ToList();
        var known = timed.Where(part => part.HourlyRate is not null).ToList();
        var timedRate = known.Sum(part => part.HourlyRate!.Value);
        var rateNow = timedRate + measured.Sum(c => CostAmount.Parse(c.HourlyRate));

        // The top-level session and month hold the timed components' running count plus the metered ones' readings:
        // the last readings come out before the running count goes on, and the new ones go in.
        var timedSession = sameSession ? CostAmount.Parse(before!.Session) - measuredBefore.Sum(c => CostAmount.Parse(c.Session)) : 0m;
        var sessionSoFar = timedSession + (timedRate * hours) + measured.Sum(c => CostAmount.Parse(c.Session));
        var (month, timedMonth) = CountMonth(before, MeasuredIn(measuredBefore, before?.Month), from, until, timedRate);
        var monthToDate = timedMonth + MeasuredIn(measured, month);
        var anyKnown = known.Count > 0 || measured.Count > 0;
        return new CostStatus
        {
            HourlyRate = anyKnown ? CostAmount.Format(rateNow) : CostStatus.Unknown,
            SessionId = session?.Id,
            Session = anyKnown ? CostAmount.Format(sessionSoFar) : CostStatus.Unknown,
            Total = anyKnown ? CostAmount.Format(components.Where(c => c.Total != CostStatus.Unknown).Sum(c => CostAmount.Parse(c.Total))) : CostStatus.Unknown,
            Month = month,
            MonthToDate = anyKnown ? CostAmount.Format(monthToDate) : CostStatus.Unknown,
            CountedUntil = hours > 0 || !sameSession ? until : before!.CountedUntil,
            PricesAsOf = pricesAsOf,
            Components = components,
        };
    }

    private static CostComponent Timed(PartCost part, CostComponent? before, decimal hours) => new()
    {
        Name = part.Name,
        HourlyRate = CostAmount.FormatOrUnknown(part.HourlyRate),
        Total = CostAmount.FormatOrUnknown(part.HourlyRate is { } rate ? CostAmount.Parse(before?.Total) + (rate * hours) : null),
        Basis = part.Basis,
    };

    /// <summary>
    /// A metered component from its new reading, else as last read (which gives a session that began since nothing
    /// yet), else unknown until it is first read.
    /// </summary>
    private static CostComponent Metered(PartCost part, CostComponent? before, UsageReading? reading, DateTimeOffset? sessionStart) => reading is not null
        ? new()
        {
            Name = part.Name,
            HourlyRate = CostAmount.Format(reading.LastHour),
            Total = CostAmount.Format(reading.Total),
            Basis = part.Basis,
            MeasuredAt = reading.MeasuredAt,
            Session = CostAmount.Format(reading.Session),
            MonthToDate = CostAmount.Format(reading.MonthToDate),
        }
        : before?.MeasuredAt is not null
            ? before with { Basis = part.Basis, Session = before.MeasuredAt < sessionStart ? CostAmount.Format(0m) : before.Session }
            : new() { Name = part.Name, HourlyRate = CostStatus.Unknown, Total = CostStatus.Unknown, Basis = $"{part.Basis}; not read yet" };

    /// <summary>What the metered components' readings put in <paramref name="month"/>: a reading counts in its own month only.</summary>
    private static decimal MeasuredIn(IEnumerable<CostComponent> measured, string? month) =>
        measured.Where(c => SpendMonth.Of(c.MeasuredAt!.Value).Name == month).Sum(c => CostAmount.Parse(c.MonthToDate));

    /// <summary>
    /// The month running time was last counted in, and the timed components' amount in it (the status's month without
    /// <paramref name="measuredBefore"/>, the last readings' part of it): a count that crosses into a new month adds
    /// only the time after the month began, and starts the month's amount over.
    /// </summary>
    private static (string? Month, decimal Dollars) CountMonth(CostStatus? before, decimal measuredBefore, DateTimeOffset? from, DateTimeOffset? until, decimal rate)
    {
        var timedBefore = CostAmount.Parse(before?.MonthToDate) - measuredBefore;
        if (until is not { } end)
        {
            return (before?.Month, timedBefore);
        }

        var month = SpendMonth.Of(end);
        var carried = before?.Month == month.Name ? timedBefore : 0m;
        return (month.Name, carried + (from is { } start ? rate * month.HoursWithin(start, end) : 0m));
    }

    private static TimeSpan WholeMinutes(TimeSpan running) =>
        running <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromMinutes(Math.Floor(running.TotalMinutes));
}
