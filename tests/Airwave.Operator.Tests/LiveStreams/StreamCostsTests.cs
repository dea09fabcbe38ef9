using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Api.Validation;
using Airwave.Operator.Configuration;
using Airwave.Operator.LiveStreams.Cost;

namespace Airwave.Operator.Tests.LiveStreams;

/// <summary>How status.cost counts a stream's running time, pass by pass, as the reconciler calls it.</summary>
public sealed class StreamCostsTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);
    private static readonly PartCost Channel = new("medialive", 0.60m, "a channel");
    private static readonly PartCost Delivery = PartCost.Unknown("delivery", "not counted");

    [Fact]
    public void A_running_session_is_counted_in_whole_minutes_and_a_pass_within_the_minute_changes_nothing()
    {
        var running = Status(new StreamSession { Id = "s1", StartedAt = Start });

        var first = Count(running, Start.AddSeconds(150));
        var sameMinute = Count(running with { Cost = first }, Start.AddSeconds(170));

        Assert.Equal((Start.AddMinutes(2), "0.02"), (first.CountedUntil, first.Total));
        Assert.Equivalent(first, sameMinute, strict: true);
    }

    [Fact]
    public void A_stopped_session_is_counted_to_its_stop_and_then_stays()
    {
        var session = new StreamSession { Id = "s1", StartedAt = Start };
        var counted = Count(Status(session), Start.AddSeconds(150));
        var stopped = Status(session with { StoppedAt = Start.AddSeconds(200) }) with { Cost = counted };

        var final = Count(stopped, Start.AddSeconds(205));
        var later = Count(stopped with { Cost = final }, Start.AddHours(3));

        Assert.Equal((Start.AddSeconds(200), "0.033333", "0.033333"), (final.CountedUntil, final.Total, final.Session));
        Assert.Equivalent(final, later, strict: true);
    }

    [Fact]
    public void A_stream_deleted_while_it_runs_is_counted_to_its_deletion()
    {
        var running = Status(new StreamSession { Id = "s1", StartedAt = Start });
        var counted = Count(running, Start.AddMinutes(2));

        var deleted = Count(StreamCosts.ClosedAt(running with { Cost = counted }, Start.AddSeconds(150)), Start.AddSeconds(150));

        Assert.Equal(("0.025", "0.025"), (deleted.Total, deleted.MonthToDate));
        Assert.Equal(Start.AddMinutes(5), StreamCosts.ClosedAt(Status(new StreamSession { Id = "s1", StartedAt = Start, StoppedAt = Start.AddMinutes(5) }), Start.AddHours(1)).Sessions[0].StoppedAt);
    }

    [Fact]
    public void A_pass_that_reads_a_stale_status_counts_the_same_time_once()
    {
        var running = Status(new StreamSession { Id = "s1", StartedAt = Start });
        var atTwo = Count(running, Start.AddMinutes(2));

        // The write of atTwo was lost (or not yet seen): the next pass starts again from the status before it.
        var fromStale = Count(running, Start.AddMinutes(5));
        var fromCurrent = Count(running with { Cost = atTwo }, Start.AddMinutes(5));

        Assert.Equivalent(fromCurrent, fromStale, strict: true);
        Assert.Equal("0.05", fromCurrent.Total);
    }

    [Fact]
    public void A_new_session_starts_its_own_amount_and_the_total_goes_on()
    {
        var first = new StreamSession { Id = "s1", StartedAt = Start, StoppedAt = Start.AddMinutes(10) };
        var counted = Count(Status(first), Start.AddMinutes(11));
        var second = new StreamSession { Id = "s2", StartedAt = Start.AddMinutes(20) };

        var next = Count(Status(first, second) with { Cost = counted }, Start.AddMinutes(25));

        Assert.Equal(("s2", "0.05", "0.15"), (next.SessionId, next.Session, next.Total));
    }

    [Fact]
    public void A_component_whose_cost_cannot_be_known_says_so_and_is_left_out_of_the_sums()
    {
        var running = Status(new StreamSession { Id = "s1", StartedAt = Start });

        var both = Count(running, Start.AddMinutes(10));
        var onlyUnknown = StreamCosts.Counted(running, [Delivery], Start.AddMinutes(10), "2026-11-29");

        Assert.Equal(("0.60", "0.10"), (both.HourlyRate, both.Total));
        var delivery = Assert.Single(both.Components, c => c.Name == "delivery");
        Assert.Equal((CostStatus.Unknown, CostStatus.Unknown, "not counted"), (delivery.HourlyRate, delivery.Total, delivery.Basis));
        Assert.Equal((CostStatus.Unknown, CostStatus.Unknown, CostStatus.Unknown), (onlyUnknown.HourlyRate, onlyUnknown.Session, onlyUnknown.Total));
    }

    [Fact]
    public void A_metered_component_counts_its_latest_reading_once_between_and_across_readings()
    {
        var running = Status(new StreamSession { Id = "s1", StartedAt = Start });
        var first = new UsageReading(Total: 0.05m, Session: 0.04m, MonthToDate: 0.05m, LastHour: 0.03m, MeasuredAt: Start.AddMinutes(10));
        var second = new UsageReading(Total: 0.08m, Session: 0.07m, MonthToDate: 0.08m, LastHour: 0.06m, MeasuredAt: Start.AddMinutes(30));

        var atTen = Metered(running, Start.AddMinutes(10), first);
        var atTwenty = Metered(running with { Cost = atTen }, Start.AddMinutes(20), null);
        var atThirty = Metered(running with { Cost = atTwenty }, Start.AddMinutes(30), second);
        var fromStale = Metered(running with { Cost = atTen }, Start.AddMinutes(30), second);

        // Ten minutes of the channel at 0.60 an hour, and the reading's amounts.
        Assert.Equal(("0.63", "0.14", "0.15", "0.15"), (atTen.HourlyRate, atTen.Session, atTen.MonthToDate, atTen.Total));
        var delivery = Assert.Single(atTen.Components, c => c.Name == "delivery");
        Assert.Equal(("0.03", "0.05", "0.04", "0.05", Start.AddMinutes(10)), (delivery.HourlyRate, delivery.Total, delivery.Session, delivery.MonthToDate, delivery.MeasuredAt));
        // Between readings the last one stands and is not added again.
        Assert.Equal(("0.24", "0.25", "0.25"), (atTwenty.Session, atTwenty.MonthToDate, atTwenty.Total));
        // A new reading replaces the last one; a pass from a stale status comes out the same.
        Assert.Equal(("0.66", "0.37", "0.38", "0.38"), (atThirty.HourlyRate, atThirty.Session, atThirty.MonthToDate, atThirty.Total));
        Assert.Equivalent(atThirty, fromStale, strict: true);
    }

    [Fact]
    public void A_new_session_counts_none_of_the_last_sessions_delivery_until_it_is_read()
    {
        var first = new StreamSession { Id = "s1", StartedAt = Start, StoppedAt = Start.AddMinutes(10) };
        var reading = new UsageReading(Total: 0.05m, Session: 0.04m, MonthToDate: 0.05m, LastHour: 0.03m, MeasuredAt: Start.AddMinutes(11));
        var counted = Metered(Status(first), Start.AddMinutes(11), reading);
        var second = new StreamSession { Id = "s2", StartedAt = Start.AddMinutes(20) };

        var next = Metered(Status(first, second) with { Cost = counted }, Start.AddMinutes(30), null);
        var later = Metered(Status(first, second) with { Cost = next }, Start.AddMinutes(40), null);

        // Ten minutes of the channel each time; the delivery read in the first session stays in the total and the month.
        Assert.Equal(("s2", "0.10", "0.25", "0.25"), (next.SessionId, next.Session, next.MonthToDate, next.Total));
        Assert.Equal(("0.20", "0.35", "0.35"), (later.Session, later.MonthToDate, later.Total));
    }

    [Fact]
    public void A_metered_component_not_read_yet_says_unknown_and_is_left_out_of_the_sums()
    {
        var running = Status(new StreamSession { Id = "s1", StartedAt = Start });

        var cost = Metered(running, Start.AddMinutes(10), null);

        Assert.Equal(("0.60", "0.10"), (cost.HourlyRate, cost.Total));
        var delivery = Assert.Single(cost.Components, c => c.Name == "delivery");
        Assert.Equal((CostStatus.Unknown, CostStatus.Unknown, null), (delivery.HourlyRate, delivery.Total, delivery.MeasuredAt));
        Assert.EndsWith("not read yet", delivery.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void The_month_to_date_starts_over_when_a_count_crosses_into_a_new_month_and_the_total_goes_on()
    {
        var lateStart = new DateTimeOffset(2026, 11, 30, 23, 50, 0, TimeSpan.Zero);
        var running = Status(new StreamSession { Id = "s1", StartedAt = lateStart });
        var november = Count(running, lateStart.AddMinutes(6));
        var december = Count(running with { Cost = november }, lateStart.AddMinutes(15));
        var later = Count(running with { Cost = december }, lateStart.AddMinutes(20));

        Assert.Equal(("2026-11", "0.06", "0.06"), (november.Month, november.MonthToDate, november.Total));
        // 23:56 to 00:05: four minutes of November, five of December.
        Assert.Equal(("2026-12", "0.05", "0.15"), (december.Month, december.MonthToDate, december.Total));
        Assert.Equal(("2026-12", "0.10", "0.20"), (later.Month, later.MonthToDate, later.Total));
    }

    [Fact]
    public void A_namespace_spends_what_its_streams_counted_this_month_and_nothing_of_other_months_or_unknowns()
    {
        var now = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
        const string Going = "5a5a5a5a-6b6b-4c7c-8d8d-9e9e9e9e9e9e";
        CostStatus Cost(string? month, string monthToDate) => new() { HourlyRate = "1.00", Session = "0.00", Total = "9.00", Month = month, MonthToDate = monthToDate };

        // Deleted ones: this month's and a folded sum count; last month's, another namespace's, and one whose
        // teardown recorded it but that is still listed do not.
        var deleted = SpendLedger.From(new Dictionary<string, string>
        {
            ["team-a.0c9e8d7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f"] = "2026-12 1.25",
            ["team-a.1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d"] = "2026-11 7.00",
            [$"team-a.{Going}"] = "2026-12 0.80",
            ["team-a"] = "2026-12 2.00",
            ["team-b.6b1f3c1e-0d7a-4f57-9d0e-1c2b3a4d5e6f"] = "2026-12 9.00",
        });

        var spent = SpendLimit.Spent(
            "team-a",
            [("s1", Cost("2026-12", "2.50")), ("s2", Cost("2026-12", "0.25")), ("s3", Cost("2026-11", "40.00")), ("s4", Cost("2026-12", CostStatus.Unknown)), ("s5", Cost(null, "3.00")), ("s6", null), (Going, Cost("2026-12", "0.75"))],
            deleted,
            now);

        Assert.Equal(6.75m, spent);
    }

    [Fact]
    public void A_namespaces_budget_sets_its_own_spend_limit_lifts_it_with_zero_and_may_stop_at_it()
    {
        Dictionary<string, NamespaceBudget> budgets = new()
        {
            ["team-a"] = new() { MaxMonthlySpendUsd = 500m, StopAtLimit = true },
            ["team-b"] = new() { MaxMonthlySpendUsd = 0m },
            ["team-c"] = new() { MaxRunningChannels = 2 },
        };

        Assert.Equal(new SpendLimit(500m, true, "budgets.team-a.maxMonthlySpendUsd"), SpendLimit.For("team-a", 100m, false, budgets));
        Assert.Null(SpendLimit.For("team-b", 100m, false, budgets));
        Assert.Equal(new SpendLimit(100m, false, "maxMonthlySpendUsdPerNamespace"), SpendLimit.For("team-c", 100m, false, budgets));
        Assert.Null(SpendLimit.For("team-c", null, true, budgets));
        Assert.Equal(
            "namespace team-a has spent an estimated $512.40 of its $500.00 this month (budgets.team-a.maxMonthlySpendUsd)",
            SpendLimit.For("team-a", null, false, budgets)!.Describe("team-a", 512.4m));
    }

    [Fact]
    public void A_stream_that_never_ran_has_cost_nothing_yet_at_its_rate()
    {
        var cost = Count(new LiveStreamStatus(), Start);

        Assert.Equal(("0.60", "0.00", null), (cost.HourlyRate, cost.Total, cost.SessionId));
    }

    [Fact]
    public void A_channel_is_priced_by_its_class_input_and_one_encode_per_rendition()
    {
        var prices = new PriceTable
        {
            MediaLive = new MediaLivePrices
            {
                SinglePipeline = new ChannelClassPrices { Input = new() { Sd = 0.5m, Hd = 1m, Uhd = 2m }, Output = new() { Sd = 10m, Hd = 100m, Uhd = 1000m } },
                Standard = new ChannelClassPrices { Input = new() { Hd = 3m }, Output = new() { Sd = 30m, Hd = 300m } },
            },
            MediaPackage = new MediaPackagePrices { IngestPerGb = 1m },
        };
        var single720 = new LiveStreamSpec { Source = new StreamSource { Type = SourceType.RtmpPush } };
        var standard1080 = single720 with { Encoding = new StreamEncoding { ChannelClass = ChannelClass.Standard, Ladder = Ladder.P1080 } };

        // 720p HD, 540p and 360p SD; then 1080p and 720p HD, 540p and 360p SD.
        Assert.Equal(1m + 100m + 10m + 10m, CostComponents.MediaLive(single720, prices).HourlyRate);
        Assert.Equal(3m + 300m + 300m + 30m + 30m, CostComponents.MediaLive(standard1080, prices).HourlyRate);
        // 3 + 2 + 0.8 Mb/s of video and 3 × 128 kb/s of audio for an hour: 2.7828 GB; with 1080p's 5 Mb/s and a fourth
        // audio, 5.0904 GB from each of two pipelines.
        Assert.Equal(2.7828m, CostComponents.MediaPackageIngest(single720, prices).HourlyRate);
        Assert.Equal(2 * 5.0904m, CostComponents.MediaPackageIngest(standard1080, prices).HourlyRate);
    }

    private static LiveStreamStatus Status(params StreamSession[] sessions) => new() { Sessions = sessions };

    private static CostStatus Metered(LiveStreamStatus status, DateTimeOffset now, UsageReading? reading)
    {
        var meter = MeteredUsage.PerGb(new Airwave.Aws.CloudWatch.Metric("AWS/MediaPackage", "EgressBytes", []), 0.05m);
        var readings = reading is null ? null : new Dictionary<string, UsageReading> { ["delivery"] = reading };
        return StreamCosts.Counted(status, [Channel, PartCost.Measured("delivery", meter, "players' GB")], now, "2026-11-29", readings);
    }

    private static CostStatus Count(LiveStreamStatus status, DateTimeOffset now) => StreamCosts.Counted(status, [Channel, Delivery], now, "2026-11-29");
}
