using System.Globalization;
using Airwave.Api.Common;

namespace Airwave.Api.Validation;

/// <summary>
/// The most a namespace's streams may cost in a calendar month (UTC), whether reaching it stops them, and the setting
/// that says so, as the operator and admission both read them: the namespace's own budget if it names one, else the
/// installation's maxMonthlySpendUsdPerNamespace and stopAtMonthlySpendLimit.
/// </summary>
public sealed record SpendLimit(decimal Usd, bool StopAtLimit, string Setting)
{
    public static SpendLimit? For(string ns, decimal? perNamespace, bool stopByDefault, IReadOnlyDictionary<string, NamespaceBudget>? budgets)
    {
        ArgumentNullException.ThrowIfNull(ns);
        var budget = budgets is not null && budgets.TryGetValue(ns, out var own) ? own : null;
        var stop = budget?.StopAtLimit ?? stopByDefault;
        if (budget?.MaxMonthlySpendUsd is { } limit)
        {
            return limit > 0 ? new(limit, stop, $"budgets.{ns}.maxMonthlySpendUsd") : null;
        }

        return perNamespace is > 0 ? new(perNamespace.Value, stop, "maxMonthlySpendUsdPerNamespace") : null;
    }

    /// <summary>
    /// What the namespace's LiveStreams and VideoAssets are estimated to have cost in <paramref name="now"/>'s month:
    /// each status.cost's monthToDate that is for this month and known, and what the <paramref name="deleted"/> ones
    /// cost before they went (one whose teardown recorded it but that is still listed counts once). Running streams
    /// are counted in whole minutes.
    /// </summary>
    public static decimal Spent(string ns, IReadOnlyList<(string Uid, CostStatus? Cost)> resources, SpendLedger deleted, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(deleted);
        var month = SpendMonth.Of(now).Name;
        return resources
            .Where(r => r.Cost?.Month == month)
            .Sum(r => CostAmount.Parse(r.Cost!.MonthToDate)) + deleted.Spent(ns, now, resources.Select(r => r.Uid).ToHashSet(StringComparer.Ordinal));
    }

    public bool IsReached(decimal spent) => spent >= Usd;

    public string Describe(string ns, decimal spent) => string.Create(
        CultureInfo.InvariantCulture,
        $"namespace {ns} has spent an estimated ${spent:0.00##} of its ${Usd:0.00##} this month ({Setting})");
}
