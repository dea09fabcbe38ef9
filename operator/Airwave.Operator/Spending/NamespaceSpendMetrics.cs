using Airwave.Operator.Configuration;
using Prometheus;

namespace Airwave.Operator.Spending;

/// <summary>
/// Each namespace's estimated spend this calendar month (UTC) beside its monthly limit, read from the informers' caches
/// and the spend ledger at each scrape, so a platform team sees a namespace nearing its limit before its streams are
/// refused or stopped. A namespace's series go when it has no LiveStream or VideoAsset left.
/// </summary>
internal static class NamespaceSpendMetrics
{
    private static readonly string[] Labels = ["namespace"];

    public static void Register(CollectorRegistry registry, NamespaceSpend spending, OperatorOptions options, TimeProvider time)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        var spend = factory.CreateGauge("airwave_namespace_spend_usd", "Estimated US dollars a namespace's LiveStreams and VideoAssets have cost this calendar month (UTC): the sum of their status.cost.monthToDate, and of the deleted ones' before they went.", Labels);
        var limit = factory.CreateGauge("airwave_namespace_spend_limit_usd", "A namespace's monthly spend limit in US dollars (its budget's maxMonthlySpendUsd, or maxMonthlySpendUsdPerNamespace); no series without one.", Labels);
        var shown = new HashSet<string>(StringComparer.Ordinal);
        var sync = new Lock();
        registry.AddBeforeCollectCallback(() =>
        {
            lock (sync)
            {
                var now = time.GetUtcNow();
                var namespaces = spending.Namespaces();
                foreach (var ns in namespaces)
                {
                    spend.WithLabels(ns).Set((double)spending.Spent(ns, now));
                    if (options.SpendLimitFor(ns) is { } set)
                    {
                        limit.WithLabels(ns).Set((double)set.Usd);
                    }
                    else
                    {
                        limit.RemoveLabelled(ns);
                    }
                }

                foreach (var gone in shown.Except(namespaces))
                {
                    spend.RemoveLabelled(gone);
                    limit.RemoveLabelled(gone);
                }

                shown.Clear();
                shown.UnionWith(namespaces);
            }
        });
    }
}
