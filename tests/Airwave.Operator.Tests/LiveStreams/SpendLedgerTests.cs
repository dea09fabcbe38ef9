using Airwave.Api.Common;
using Airwave.Api.Validation;

namespace Airwave.Operator.Tests.LiveStreams;

/// <summary>The spend ledger as a deleted stream's or video's teardown writes it and a namespace's limit reads it.</summary>
public sealed class SpendLedgerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private const string Uid = "6b1f3c1e-0d7a-4f57-9d0e-1c2b3a4d5e6f";

    [Fact]
    public void A_deleted_resource_counts_toward_its_namespace_once_however_often_its_teardown_records_it()
    {
        var recorded = SpendLedger.Empty.With("team-a", Uid, Cost("2026-12", "2.50"), Now)!;

        Assert.Null(recorded.With("team-a", Uid, Cost("2026-12", "2.50"), Now));
        Assert.Equal(2.50m, recorded.Spent("team-a", Now));
        Assert.Equal(0m, recorded.Spent("team-b", Now));
        Assert.Equal(new Dictionary<string, string> { [$"team-a.{Uid}"] = "2026-12 2.50" }, recorded.ToData());
        Assert.Equal(3.00m, recorded.With("team-a", Uid, Cost("2026-12", "3.00"), Now)!.Spent("team-a", Now));
    }

    [Fact]
    public void Nothing_is_recorded_for_a_resource_that_cost_nothing_or_nothing_known_this_month()
    {
        Assert.Null(SpendLedger.Empty.With("team-a", Uid, null, Now));
        Assert.Null(SpendLedger.Empty.With("team-a", Uid, Cost("2026-11", "40.00"), Now));
        Assert.Null(SpendLedger.Empty.With("team-a", Uid, Cost("2026-12", CostStatus.Unknown), Now));
        Assert.Null(SpendLedger.Empty.With("team-a", Uid, Cost("2026-12", "0.00"), Now));
    }

    [Fact]
    public void A_write_drops_past_months_and_a_new_month_starts_from_nothing()
    {
        var november = SpendLedger.From(new Dictionary<string, string>
        {
            ["team-a.0c9e8d7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f"] = "2026-11 7.00",
            ["team-a.not-a-entry"] = "seven dollars",
        });

        var december = november.With("team-a", Uid, Cost("2026-12", "1.00"), Now)!;

        Assert.Equal(7.00m, november.Spent("team-a", Now.AddMonths(-1)));
        Assert.Equal(0m, november.Spent("team-a", Now));
        Assert.Equal([$"team-a.{Uid}"], december.ToData().Keys);
    }

    [Fact]
    public void Near_a_configmaps_size_limit_each_namespaces_entries_fold_into_one_and_the_sums_stay()
    {
        var data = Enumerable.Range(0, 18_000).ToDictionary(
            i => $"team-{i % 3}.{new Guid(i, 0, 0, new byte[8])}",
            _ => "2026-12 0.01");
        var full = SpendLedger.From(data);

        var folded = full.With("team-0", Uid, Cost("2026-12", "1.00"), Now)!;

        Assert.Equal(new[] { "team-0", $"team-0.{Uid}", "team-1", "team-2" }, folded.ToData().Keys.Order(StringComparer.Ordinal));
        Assert.Equal((61.00m, 60.00m, 60.00m), (folded.Spent("team-0", Now), folded.Spent("team-1", Now), folded.Spent("team-2", Now)));
        Assert.True(full.ToData().Sum(e => e.Key.Length + e.Value.Length) > SpendLedger.MaxDataBytes, "the test's ledger is over the limit");
        Assert.Null(folded.With("team-0", Uid, Cost("2026-12", "1.00"), Now));
        Assert.Equal("2026-12 60.00", folded.ToData()["team-0"]);
    }

    private static CostStatus Cost(string month, string monthToDate) =>
        new() { HourlyRate = "1.00", Session = monthToDate, Total = monthToDate, Month = month, MonthToDate = monthToDate };
}
