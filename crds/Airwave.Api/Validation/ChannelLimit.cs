namespace Airwave.Api.Validation;

/// <summary>
/// The most channels a namespace may run at once, and the setting that says so, as the operator and admission both
/// read them: the namespace's own budget if it names one, else the installation's maxRunningChannelsPerNamespace.
/// </summary>
public sealed record ChannelLimit(int Channels, string Setting)
{
    public static ChannelLimit? For(string ns, int? perNamespace, IReadOnlyDictionary<string, NamespaceBudget>? budgets)
    {
        ArgumentNullException.ThrowIfNull(ns);
        if (budgets is not null && budgets.TryGetValue(ns, out var budget) && budget.MaxRunningChannels is { } own)
        {
            return own > 0 ? new(own, $"budgets.{ns}.maxRunningChannels") : null;
        }

        return perNamespace is > 0 ? new(perNamespace.Value, "maxRunningChannelsPerNamespace") : null;
    }

    public string Describe(string ns, int running) =>
        $"namespace {ns} already runs {running} of its {Channels} channels ({Setting})";
}
