using System.Globalization;
using Airwave.Api.Common;
using Airwave.Api.VideoAssets;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Conditions;
using Airwave.Operator.Configuration;

namespace Airwave.Operator.VideoAssets;

/// <summary>
/// A VideoAsset's status.cost: what its provider bills once (Mux: encoding, per minute of video) and while it is stored
/// (Mux: per minute of video a month), counted from the time it became ready in whole hours, so a resync within the
/// hour writes nothing. A function of the ready time and the price table alone: a lost write is counted again the same.
/// An Aws video's storage is its files' bytes in S3 (status.storedBytes) by the GB-month. What Airwave cannot know
/// (viewers' delivery; an Aws video's Job pods) says "unknown".
/// </summary>
public static class VideoCosts
{
    public static CostStatus? Counted(VideoAssetStatus status, PriceTable prices, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(prices);
        if (status.Metadata?.Duration is not { } seconds || ReadySince(status) is not { } ready)
        {
            return status.Cost;
        }

        var minutes = (decimal)seconds / 60m;
        var (once, storage, notCounted) = status.Provider == VideoProvider.Aws ? AwsParts(status.StoredBytes, prices.S3) : MuxParts(minutes, prices.Mux);
        var until = ready + TimeSpan.FromHours(Math.Floor(Math.Max(0, (now - ready).TotalHours)));
        var month = SpendMonth.Of(until);
        var components = new List<CostComponent>();
        if (once is not null)
        {
            components.Add(Component(once.Name, 0m, once.Dollars, once.Basis));
        }

        if (storage is not null)
        {
            components.Add(Component(storage.Name, storage.HourlyRate, storage.HourlyRate * (decimal)(until - ready).TotalHours, storage.Basis));
        }

        components.AddRange(notCounted.Select(u => new CostComponent { Name = u.Name, HourlyRate = CostStatus.Unknown, Total = CostStatus.Unknown, Basis = u.Basis }));
        var known = components.Where(c => c.Total != CostStatus.Unknown).ToList();
        var thisMonth = (once is not null && ready >= month.Start ? once.Dollars : 0m) + ((storage?.HourlyRate ?? 0m) * month.HoursWithin(ready, until));
        return new CostStatus
        {
            HourlyRate = known.Count > 0 ? CostAmount.Format(known.Sum(c => CostAmount.Parse(c.HourlyRate))) : CostStatus.Unknown,
            Total = known.Count > 0 ? CostAmount.Format(known.Sum(c => CostAmount.Parse(c.Total))) : CostStatus.Unknown,
            Month = month.Name,
            MonthToDate = known.Count > 0 ? CostAmount.Format(thisMonth) : CostStatus.Unknown,
            CountedUntil = until,
            PricesAsOf = prices.AsOf,
            Components = components,
        };
    }

    /// <summary>When the video became ready: its Ready condition's last transition to True.</summary>
    private static DateTimeOffset? ReadySince(VideoAssetStatus status) =>
        ConditionList.Find(status.Conditions, ConditionTypes.Ready) is { Status: ConditionStatus.True } ready ? ready.LastTransitionTime : null;

    private static (OneTime?, Hourly?, IReadOnlyList<NotCounted>) MuxParts(decimal minutes, MuxPrices mux)
    {
        var length = minutes.ToString("0.##", CultureInfo.InvariantCulture);
        return (
            new OneTime("mux-encoding", minutes * mux.EncodingPerMinute, $"{length} minutes of video, encoded once"),
            new Hourly("mux-storage", minutes * mux.StoragePerMinuteMonth / PriceTable.HoursPerMonth, $"{length} minutes of video stored, billed by the month"),
            [new NotCounted("mux-delivery", "billed per minute viewers watch; Airwave does not count delivered minutes yet")]);
    }

    private static (OneTime?, Hourly?, IReadOnlyList<NotCounted>) AwsParts(long? storedBytes, S3Prices s3)
    {
        var storage = storedBytes is { } bytes
            ? new Hourly("s3-storage", s3.StorageHourlyRate(bytes), $"{(bytes / 1_000_000_000m).ToString("0.######", CultureInfo.InvariantCulture)} GB of renditions, playlists and thumbnails in S3, billed by the month")
            : null;
        List<NotCounted> notCounted =
        [
            new("transcode-job", "the transcode Job runs on your cluster's nodes"),
            new("delivery", "billed per GB players fetch through CloudFront; Airwave does not count delivered bytes yet"),
        ];
        if (storage is null)
        {
            notCounted.Insert(1, new("s3-storage", "S3 bills the files' GB-months; counted once their size is read"));
        }

        return (null, storage, notCounted);
    }

    private static CostComponent Component(string name, decimal hourlyRate, decimal total, string basis) =>
        new() { Name = name, HourlyRate = CostAmount.Format(hourlyRate), Total = CostAmount.Format(total), Basis = basis };

    private sealed record OneTime(string Name, decimal Dollars, string Basis);

    private sealed record Hourly(string Name, decimal HourlyRate, string Basis);

    private sealed record NotCounted(string Name, string Basis);
}
