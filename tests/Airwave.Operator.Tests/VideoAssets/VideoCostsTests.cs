using Airwave.Api.Common;
using Airwave.Api.VideoAssets;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Operator.Configuration;
using Airwave.Operator.VideoAssets;

namespace Airwave.Operator.Tests.VideoAssets;

/// <summary>How status.cost counts a video: its encoding once, its storage by the whole hour since it became ready.</summary>
public sealed class VideoCostsTests
{
    private static readonly PriceTable Prices = new()
    {
        Mux = new MuxPrices { EncodingPerMinute = 0.04m, StoragePerMinuteMonth = 0.73m },
        S3 = new S3Prices { StoragePerGbMonth = 0.73m },
    };

    [Fact]
    public void A_mux_video_costs_its_encoding_once_and_its_storage_for_each_whole_hour_since_it_became_ready()
    {
        var ready = new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);
        var video = Ready(VideoProvider.Mux, minutes: 10, since: ready);

        var cost = VideoCosts.Counted(video, Prices, ready.AddMinutes(210))!;
        var sameHour = VideoCosts.Counted(video with { Cost = cost }, Prices, ready.AddMinutes(235))!;

        // 10 minutes stored at $0.73 a minute-month is $0.01 an hour: three whole hours so far.
        var components = cost.Components.ToDictionary(c => c.Name);
        Assert.Equal(("0.00", "0.40"), (components["mux-encoding"].HourlyRate, components["mux-encoding"].Total));
        Assert.Equal(("0.01", "0.03"), (components["mux-storage"].HourlyRate, components["mux-storage"].Total));
        Assert.Equal((CostStatus.Unknown, CostStatus.Unknown), (components["mux-delivery"].HourlyRate, components["mux-delivery"].Total));
        Assert.Equal(("0.01", "0.43", "2026-11", "0.43", ready.AddHours(3)), (cost.HourlyRate, cost.Total, cost.Month, cost.MonthToDate, cost.CountedUntil));
        Assert.Null(cost.Session);
        Assert.Equivalent(cost, sameHour, strict: true);
    }

    [Fact]
    public void A_new_month_counts_only_the_storage_since_it_began()
    {
        var ready = new DateTimeOffset(2026, 11, 30, 22, 0, 0, TimeSpan.Zero);

        var cost = VideoCosts.Counted(Ready(VideoProvider.Mux, minutes: 10, since: ready), Prices, new DateTimeOffset(2026, 12, 1, 3, 10, 0, TimeSpan.Zero))!;

        Assert.Equal(("0.45", "2026-12", "0.03"), (cost.Total, cost.Month, cost.MonthToDate));
    }

    [Fact]
    public void A_video_not_ready_yet_has_no_cost_and_an_aws_video_says_what_it_cannot_know()
    {
        var now = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
        var preparing = new VideoAssetStatus { Provider = VideoProvider.Mux, Metadata = new VideoMetadata { Duration = 600 } };

        var aws = VideoCosts.Counted(Ready(VideoProvider.Aws, minutes: 10, since: now.AddHours(-2)), Prices, now)!;

        Assert.Null(VideoCosts.Counted(preparing, Prices, now));
        Assert.Equal((CostStatus.Unknown, CostStatus.Unknown, CostStatus.Unknown), (aws.HourlyRate, aws.Total, aws.MonthToDate));
        Assert.Equal(["transcode-job", "s3-storage", "delivery"], aws.Components.Select(c => c.Name));
        Assert.All(aws.Components, c => Assert.Equal(CostStatus.Unknown, c.Total));
    }

    [Fact]
    public void An_aws_video_costs_its_files_bytes_stored_for_each_whole_hour_since_it_became_ready()
    {
        var ready = new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);
        var video = Ready(VideoProvider.Aws, minutes: 10, since: ready) with { StoredBytes = 10_000_000_000 };

        var cost = VideoCosts.Counted(video, Prices, ready.AddMinutes(190))!;

        // 10 GB at $0.73 a GB-month is $0.01 an hour: three whole hours so far; the Job and delivery stay unknown.
        var components = cost.Components.ToDictionary(c => c.Name);
        Assert.Equal(("0.01", "0.03"), (components["s3-storage"].HourlyRate, components["s3-storage"].Total));
        Assert.Contains("10 GB of renditions, playlists and thumbnails in S3", components["s3-storage"].Basis, StringComparison.Ordinal);
        Assert.Equal((CostStatus.Unknown, CostStatus.Unknown), (components["transcode-job"].Total, components["delivery"].Total));
        Assert.Equal(("0.01", "0.03", "0.03"), (cost.HourlyRate, cost.Total, cost.MonthToDate));
    }

    private static VideoAssetStatus Ready(VideoProvider provider, int minutes, DateTimeOffset since) => new()
    {
        Provider = provider,
        Metadata = new VideoMetadata { Duration = minutes * 60 },
        Conditions = [new Condition { Type = "Ready", Status = ConditionStatus.True, Reason = "Ready", Message = "plays", LastTransitionTime = since }],
    };
}
