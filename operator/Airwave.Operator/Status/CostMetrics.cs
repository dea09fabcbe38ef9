using Airwave.Api.Common;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Informers;
using Prometheus;

namespace Airwave.Operator.Status;

/// <summary>
/// One kind's estimated costs, read from its informer's cache at each scrape: the dollars so far and per hour of each
/// object's components whose cost is known (an unknown one has no series rather than a zero). An object's series go
/// when it does.
/// </summary>
internal static class CostMetrics
{
    private static readonly string[] Labels = ["namespace", "kind", "name", "component"];

    public static void Register<T>(CollectorRegistry registry, string kind, Informer<T> informer, Func<T, CostStatus?> costOf)
        where T : KubernetesObject
    {
        var factory = Metrics.WithCustomRegistry(registry);
        var total = factory.CreateCounter("airwave_estimated_cost_usd_total", "Estimated US dollars an object has cost so far, by component (status.cost; prices from the installation's price table).", Labels);
        var hourly = factory.CreateGauge("airwave_estimated_cost_usd_per_hour", "Estimated US dollars per hour an object costs while it runs, by component (status.cost).", Labels);
        var shown = new HashSet<(string, string, string)>();
        var sync = new Lock();
        registry.AddBeforeCollectCallback(() =>
        {
            lock (sync)
            {
                var now = new HashSet<(string, string, string)>();
                foreach (var item in informer.Cache.List())
                {
                    foreach (var component in costOf(item)?.Components ?? [])
                    {
                        if (component.Total == CostStatus.Unknown)
                        {
                            continue;
                        }

                        var key = (item.Metadata.Namespace ?? "", item.Metadata.Name ?? "", component.Name);
                        now.Add(key);
                        string[] labels = [key.Item1, kind, key.Item2, key.Item3];
                        var dollars = (double)CostAmount.Parse(component.Total);
                        if (dollars < total.WithLabels(labels).Value)
                        {
                            // A new object of the same name starts again from nothing: a counter reset, as Prometheus reads one.
                            total.RemoveLabelled(labels);
                        }

                        total.WithLabels(labels).IncTo(dollars);
                        hourly.WithLabels(labels).Set((double)CostAmount.Parse(component.HourlyRate));
                    }
                }

                foreach (var (ns, name, component) in shown.Except(now))
                {
                    total.RemoveLabelled(ns, kind, name, component);
                    hourly.RemoveLabelled(ns, kind, name, component);
                }

                shown.Clear();
                shown.UnionWith(now);
            }
        });
    }
}
