using System.Collections.Concurrent;

namespace Airwave.Sandbox.Aws.CloudWatch;

/// <summary>
/// What the emulated services publish to CloudWatch (and what clients put), at CloudWatch's standard resolution of one
/// minute: each metric, named by its namespace, name and exact set of dimensions, keeps a sum, a count, a minimum
/// and a maximum per minute.
/// </summary>
public sealed class MetricStore
{
    private readonly ConcurrentDictionary<string, SortedDictionary<long, MinuteStats>> _metrics = new(StringComparer.Ordinal);

    /// <summary>One sample of <paramref name="value"/> at <paramref name="at"/>.</summary>
    public void Record(string ns, string name, IReadOnlyDictionary<string, string> dimensions, DateTimeOffset at, double value) =>
        Record(ns, name, dimensions, at, new MinuteStats(value, 1, value, value));

    /// <summary>Samples already summarized, as PutMetricData's StatisticValues carries them.</summary>
    public void Record(string ns, string name, IReadOnlyDictionary<string, string> dimensions, DateTimeOffset at, MinuteStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var minutes = _metrics.GetOrAdd(Key(ns, name, dimensions), _ => []);
        var minute = at.ToUnixTimeSeconds() / 60;
        lock (minutes)
        {
            minutes[minute] = minutes.TryGetValue(minute, out var before) ? before.Add(stats) : stats;
        }
    }

    /// <summary>
    /// The statistic over periods of <paramref name="periodSeconds"/> (a multiple of 60) from <paramref name="start"/>
    /// (rounded down to the minute, as CloudWatch does) up to <paramref name="end"/>, newest first, periods without
    /// samples left out.
    /// </summary>
    public IReadOnlyList<(DateTimeOffset Timestamp, double Value)> Query(
        string ns, string name, IReadOnlyDictionary<string, string> dimensions, string stat, int periodSeconds, DateTimeOffset start, DateTimeOffset end)
    {
        if (!_metrics.TryGetValue(Key(ns, name, dimensions), out var minutes))
        {
            return [];
        }

        var from = start.ToUnixTimeSeconds() / 60;
        var until = (end.ToUnixTimeSeconds() + 59) / 60;
        var perPeriod = periodSeconds / 60;
        var periods = new SortedDictionary<long, MinuteStats>();
        lock (minutes)
        {
            foreach (var (minute, stats) in minutes.Where(m => m.Key >= from && m.Key < until))
            {
                var period = from + ((minute - from) / perPeriod * perPeriod);
                periods[period] = periods.TryGetValue(period, out var before) ? before.Add(stats) : stats;
            }
        }
        return [.. periods.Reverse().Select(p => (DateTimeOffset.FromUnixTimeSeconds(p.Key * 60), p.Value.Statistic(stat)))];
    }

    private static string Key(string ns, string name, IReadOnlyDictionary<string, string> dimensions) =>
        string.Join('\n', [ns, name, .. dimensions.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}={d.Value}")]);
}

/// <summary>A minute's (or a period's) samples summarized as CloudWatch keeps them.</summary>
public sealed record MinuteStats(double Sum, double SampleCount, double Minimum, double Maximum)
{
    public MinuteStats Add(MinuteStats other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Sum + other.Sum, SampleCount + other.SampleCount, Math.Min(Minimum, other.Minimum), Math.Max(Maximum, other.Maximum));
    }

    public double Statistic(string stat) => stat switch
    {
        "Sum" => Sum,
        "SampleCount" => SampleCount,
        "Minimum" => Minimum,
        "Maximum" => Maximum,
        _ => Sum / SampleCount,
    };
}
