using Airwave.Api.LiveStreams;
using Airwave.Api.Validation;
using Airwave.Kubernetes.Informers;
using Airwave.Operator.Configuration;
using Prometheus;

namespace Airwave.Operator.LiveStreams;

/// <summary>
/// Each namespace's estimated spend this calendar month (UTC) beside its monthly limit, read from the informer's cache
/// at each scrape, so a platform team sees a namespace nearing its limit before its streams are refused or stopped. A
/// namespace's series go when it has no stream left.
/// </summary>
internal static class NamespaceSpendMetrics
{
    private static readonly string[] Labels = ["namespace"];

    public static void Register(CollectorRegistry registry, Informer<LiveStream> informer, OperatorOptions options, TimeProvider time)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        var spend = factory.CreateGauge("airwave_namespace_spend_usd", "Estimated US dollars a namespace's LiveStreams have cost this calendar month (UTC): the sum of their status.cost.monthToDate.", Labels);
        var limit = factory.CreateGauge("airwave_namespace_spend_limit_usd", "A namespace's monthly spend limit in US dollars (its budget's maxMonthlySpendUsd, or maxMonthlySpendUsdPerNamespace); no series without one.", Labels);
        var shown = new HashSet<string>(StringComparer.Ordinal);
        var sync = new Lock();
        registry.AddBeforeCollectCallback(() =>
        {
            lock (sync)
            {
                var now = time.GetUtcNow();
                var namespaces = informer.Cache.List().GroupBy(s => s.Metadata.Namespace ?? "", StringComparer.Ordinal).ToList();
                foreach (var streams in namespaces)
                {
                    spend.WithLabels(streams.Key).Set((double)SpendLimit.Spent(streams.Select(s => s.Status?.Cost), now));
                    if (options.SpendLimitFor(streams.Key) is { } set)
                    {
                        limit.WithLabels(streams.Key).Set((double)set.Usd);
                    }
                    else
                    {
                        limit.RemoveLabelled(streams.Key);
                    }
                }

                var present = namespaces.Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
                foreach (var gone in shown.Except(present))
                {
                    spend.RemoveLabelled(gone);
                    limit.RemoveLabelled(gone);
                }

                shown.Clear();
                shown.UnionWith(present);
            }
        });
    }
}
