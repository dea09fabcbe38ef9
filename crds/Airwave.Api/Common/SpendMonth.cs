using System.Globalization;

namespace Airwave.Api.Common;

/// <summary>A calendar month in UTC, as status.cost.month names it ("2026-11"): the period a monthly spend limit counts.</summary>
public sealed record SpendMonth(string Name, DateTimeOffset Start)
{
    public static SpendMonth Of(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        var start = new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
        return new(start.ToString("yyyy-MM", CultureInfo.InvariantCulture), start);
    }

    /// <summary>When the next month begins, and the spend counted against a limit starts over.</summary>
    public DateTimeOffset End => Start.AddMonths(1);

    /// <summary>The hours of <paramref name="from"/> to <paramref name="until"/> that fall in this month (up to until, which is in it).</summary>
    public decimal HoursWithin(DateTimeOffset from, DateTimeOffset until)
    {
        var start = from > Start ? from : Start;
        return until > start ? (decimal)(until - start).TotalHours : 0m;
    }
}
