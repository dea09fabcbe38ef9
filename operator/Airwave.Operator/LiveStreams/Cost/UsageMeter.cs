using Airwave.Api.Common;
using Airwave.Aws.CloudWatch;
using Airwave.Aws.Errors;
using Microsoft.Extensions.Logging;

namespace Airwave.Operator.LiveStreams.Cost;

/// <summary>
/// Reads what AWS measured of a metered component: one GetMetricData call of hourly sums from the hour the resource
/// was created, which gives its total, its month, its session and its last whole hour at once. Hourly periods keep
/// every reading within CloudWatch's retention of hourly data (455 days) and its periods' rules for older data.
/// </summary>
public sealed partial class UsageMeter(ICloudWatchClient cloudWatch, ILogger<UsageMeter> logger)
{
    private const int Hour = 3600;

    /// <summary>The reading, or null when CloudWatch could not be read (the last reading then stands).</summary>
    public async Task<UsageReading?> ReadAsync(string resource, MeteredUsage usage, DateTimeOffset since, DateTimeOffset? sessionStart, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(usage);
        var start = FloorTo(since, TimeSpan.FromHours(1));
        // Up to now: the current minute's data so far counts, and the next reading replaces this one.
        var end = now;
        if (end <= start)
        {
            return new UsageReading(0, 0, 0, 0, now);
        }

        IReadOnlyList<MetricDataResult> results;
        try
        {
            results = await cloudWatch.GetMetricDataAsync(new([new("usage", new MetricStat(usage.Metric, Hour, "Sum"))], start, end), cancellationToken);
        }
        catch (Exception e) when (e is AwsServiceException or HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogUnread(logger, usage.Metric.MetricName, resource, e.Message);
            return null;
        }

        var points = results.Where(r => r.Id == "usage").SelectMany(r => r.Timestamps.Zip(r.Values)).ToList();
        var month = SpendMonth.Of(now).Start;
        var session = sessionStart is { } began ? FloorTo(began, TimeSpan.FromHours(1)) : DateTimeOffset.MaxValue;
        var lastHour = FloorTo(now, TimeSpan.FromHours(1)).AddHours(-1);
        decimal Dollars(Func<DateTimeOffset, bool> within) => usage.Dollars(points.Where(p => within(p.First)).Sum(p => p.Second));
        return new UsageReading(Dollars(_ => true), Dollars(t => t >= session), Dollars(t => t >= month), Dollars(t => t == lastHour), now);
    }

    private static DateTimeOffset FloorTo(DateTimeOffset time, TimeSpan unit) =>
        new(time.UtcTicks / unit.Ticks * unit.Ticks, TimeSpan.Zero);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read {Metric} of {Resource} from CloudWatch; its cost keeps its last reading: {Error}")]
    private static partial void LogUnread(ILogger logger, string metric, string resource, string error);
}
