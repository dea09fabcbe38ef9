using Airwave.Api.Common;
using Airwave.Aws.S3;
using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Logging;

namespace Airwave.Operator.LiveStreams.Cost;

/// <summary>
/// Reads what a stream's recordings cost to keep. S3 bills the bytes stored, averaged over the month, by the GB-month;
/// CloudWatch reports a bucket's size only, which streams share. So each reading lists what S3 holds under the
/// stream's folders now (a ListObjectsV2 page per thousand objects) and accrues the time since the last reading at the
/// average of the last rate and this one; the first accrues from when the first session began, with nothing stored.
/// </summary>
public sealed partial class StorageMeter(IAmazonS3 s3, ILogger<StorageMeter> logger)
{
    /// <summary>
    /// The reading after <paramref name="last"/> (the component as last read; null or unread for none), or null when
    /// S3 could not be listed (the last reading then stands).
    /// </summary>
    public async Task<UsageReading?> ReadAsync(string resource, StoredUsage usage, CostComponent? last, DateTimeOffset firstStored, DateTimeOffset? sessionStart, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(usage);
        long bytes;
        try
        {
            bytes = await StoredBytesAsync(usage.Folders, cancellationToken);
        }
        catch (Exception e) when (e is AmazonServiceException or HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogUnread(logger, resource, e.Message);
            return null;
        }

        var rate = usage.Prices.StorageHourlyRate(bytes);
        var (from, fromRate) = last?.MeasuredAt is { } at ? (at, CostAmount.Parse(last.HourlyRate)) : (firstStored, 0m);
        var accrued = now > from ? (fromRate + rate) / 2 * (now - from).Ticks / TimeSpan.TicksPerHour : 0m;

        // The part of the interval since a time: what accrued in the month, or in the session, when it began inside.
        decimal Since(DateTimeOffset start) =>
            start <= from ? accrued : start >= now ? 0m : accrued * (now - start).Ticks / (now - from).Ticks;
        decimal Kept(string? amount, DateTimeOffset start) => last?.MeasuredAt >= start ? CostAmount.Parse(amount) : 0m;

        var month = SpendMonth.Of(now).Start;
        var session = sessionStart is { } began ? Kept(last?.Session, began) + Since(began) : 0m;
        return new UsageReading(CostAmount.Parse(last?.Total) + accrued, session, Kept(last?.MonthToDate, month) + Since(month), rate, now);
    }

    /// <summary>The bytes under the folders, each object once: a folder inside another is listed with it.</summary>
    private async Task<long> StoredBytesAsync(IReadOnlyList<S3Path> folders, CancellationToken cancellationToken)
    {
        var outermost = new List<S3Path>();
        foreach (var folder in folders.Select(f => f with { Key = f.AsFolder }).Distinct().OrderBy(f => f.Bucket, StringComparer.Ordinal).ThenBy(f => f.Key, StringComparer.Ordinal))
        {
            if (!outermost.Any(o => o.Bucket == folder.Bucket && folder.Key.StartsWith(o.Key, StringComparison.Ordinal)))
            {
                outermost.Add(folder);
            }
        }

        long bytes = 0;
        foreach (var folder in outermost)
        {
            bytes += await s3.BytesUnderAsync(folder.Bucket, folder.Key, cancellationToken);
        }

        return bytes;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not list the recordings of {Resource} in S3; their storage cost keeps its last reading: {Error}")]
    private static partial void LogUnread(ILogger logger, string resource, string error);
}
