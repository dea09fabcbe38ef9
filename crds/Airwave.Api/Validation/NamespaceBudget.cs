namespace Airwave.Api.Validation;

/// <summary>
/// What one namespace may spend: the installation's overrides of its defaults for that namespace (the chart's
/// config.budgets). Settable rather than init-only, as every settings type in a map or list is, so that binding can
/// make one and keep what it does not configure.
/// </summary>
public sealed record NamespaceBudget
{
    /// <summary>Channels the namespace may run at once; 0 lifts the installation's maxRunningChannelsPerNamespace for it.</summary>
    public int? MaxRunningChannels { get; set; }

    /// <summary>Estimated US dollars the namespace's streams may cost in a calendar month; 0 lifts the installation's maxMonthlySpendUsdPerNamespace for it.</summary>
    public decimal? MaxMonthlySpendUsd { get; set; }

    /// <summary>Whether running streams are stopped once the month's spend reaches the limit; unset takes the installation's stopAtMonthlySpendLimit.</summary>
    public bool? StopAtLimit { get; set; }
}
