using System.Globalization;

namespace Airwave.Sandbox.Kubernetes.Workloads;

/// <summary>
/// A CronJob's schedule as kube-controller-manager reads it (standard cron: minute, hour, day of month, month, day of
/// week; <c>*</c>, <c>?</c>, lists, ranges, steps, month and day names, and the <c>@hourly</c>-style macros). As in
/// cron, when both day fields are restricted a day matching either runs.
/// </summary>
internal sealed class CronSchedule
{
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private static readonly Dictionary<string, string> Macros = new(StringComparer.Ordinal)
    {
        ["@yearly"] = "0 0 1 1 *",
        ["@annually"] = "0 0 1 1 *",
        ["@monthly"] = "0 0 1 * *",
        ["@weekly"] = "0 0 * * 0",
        ["@daily"] = "0 0 * * *",
        ["@midnight"] = "0 0 * * *",
        ["@hourly"] = "0 * * * *",
    };

    private readonly bool[] _minutes;
    private readonly bool[] _hours;
    private readonly bool[] _daysOfMonth;
    private readonly bool[] _months;
    private readonly bool[] _daysOfWeek;
    private readonly bool _anyDayOfMonth;
    private readonly bool _anyDayOfWeek;

    private CronSchedule(string[] fields)
    {
        (_minutes, _) = Field(fields[0], 0, 59, null, "minute");
        (_hours, _) = Field(fields[1], 0, 23, null, "hour");
        (_daysOfMonth, _anyDayOfMonth) = Field(fields[2], 1, 31, null, "day of month");
        (_months, _) = Field(fields[3], 1, 12, Months, "month");
        (_daysOfWeek, _anyDayOfWeek) = Field(fields[4], 0, 7, Days, "day of week");
        _daysOfWeek[0] |= _daysOfWeek[7];
    }

    /// <summary>The schedule, or a <see cref="FormatException"/> saying what is wrong, as the API's validation words it.</summary>
    public static CronSchedule Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith("TZ=", StringComparison.Ordinal) || trimmed.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            throw new FormatException("cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
        }

        var fields = (Macros.GetValueOrDefault(trimmed) ?? trimmed).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 5
            ? new CronSchedule(fields)
            : throw new FormatException($"expected exactly 5 fields, found {fields.Length}: {text}");
    }

    /// <summary>The first time after <paramref name="after"/> the schedule names, read in <paramref name="zone"/>; null if none within 5 years.</summary>
    public DateTimeOffset? Next(DateTimeOffset after, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(after, zone);
        var t = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified).AddMinutes(1);
        var end = t.AddYears(5);
        while (t < end)
        {
            if (!_months[t.Month])
            {
                t = new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(1);
            }
            else if (!DayMatches(t))
            {
                t = t.Date.AddDays(1);
            }
            else if (!_hours[t.Hour])
            {
                t = t.Date.AddHours(t.Hour + 1);
            }
            else if (!_minutes[t.Minute])
            {
                t = t.AddMinutes(1);
            }
            else if (zone.IsInvalidTime(t))
            {
                // A time the clocks skip when they go forward never comes.
                t = t.AddMinutes(1);
            }
            else
            {
                return new DateTimeOffset(t, zone.GetUtcOffset(t));
            }
        }

        return null;
    }

    private bool DayMatches(DateTime t)
    {
        var dayOfMonth = _daysOfMonth[t.Day];
        var dayOfWeek = _daysOfWeek[(int)t.DayOfWeek];
        return _anyDayOfMonth || _anyDayOfWeek ? dayOfMonth && dayOfWeek : dayOfMonth || dayOfWeek;
    }

    /// <summary>One field: which values it takes, and whether it is a wildcard (<c>*</c> or <c>?</c>).</summary>
    private static (bool[] Values, bool Any) Field(string field, int min, int max, string[]? names, string what)
    {
        var values = new bool[max + 1];
        var any = field is "*" or "?";
        foreach (var part in field.Split(','))
        {
            var (range, step) = part.Split('/') switch
            {
                [var r] => (r, 1),
                [var r, var s] when int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 => (r, n),
                _ => throw new FormatException($"failed to parse {what} field \"{field}\": bad step in \"{part}\""),
            };
            int low, high;
            if (range is "*" or "?")
            {
                (low, high) = (min, max);
            }
            else if (range.Split('-') is [var from, var to])
            {
                (low, high) = (Value(from, min, max, names, what, field), Value(to, min, max, names, what, field));
            }
            else
            {
                low = Value(range, min, max, names, what, field);
                high = part.Contains('/', StringComparison.Ordinal) ? max : low;
            }

            if (low > high)
            {
                throw new FormatException($"failed to parse {what} field \"{field}\": beginning of range ({low}) beyond end of range ({high})");
            }

            for (var v = low; v <= high; v += step)
            {
                values[v] = true;
            }
        }

        return (values, any);
    }

    private static int Value(string text, int min, int max, string[]? names, string what, string field)
    {
        var named = names is null ? -1 : Array.FindIndex(names, n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        var value = named >= 0 ? named + (min == 1 ? 1 : 0)
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number
            : throw new FormatException($"failed to parse {what} field \"{field}\": \"{text}\" is not a number");
        return value >= min && value <= max
            ? value
            : throw new FormatException($"failed to parse {what} field \"{field}\": {value} is out of bounds [{min}, {max}]");
    }
}
