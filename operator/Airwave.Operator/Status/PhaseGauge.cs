using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Informers;
using Prometheus;

namespace Airwave.Operator.Status;

/// <summary>A gauge of one kind's objects by status.phase, counted from its informer's cache at each scrape.</summary>
internal static class PhaseGauge
{
    /// <summary>Every phase is written, those with no object as 0, so a phase emptied shows as 0 rather than vanishing.</summary>
    public static void Register<T, TPhase>(CollectorRegistry registry, string name, string help, Informer<T> informer, Func<T, TPhase> phaseOf)
        where T : KubernetesObject
        where TPhase : struct, Enum
    {
        var gauge = Metrics.WithCustomRegistry(registry).CreateGauge(name, help, ["phase"]);
        var phases = Enum.GetValues<TPhase>();
        registry.AddBeforeCollectCallback(() =>
        {
            var counts = informer.Cache.List().GroupBy(phaseOf).ToDictionary(g => g.Key, g => g.Count());
            foreach (var phase in phases)
            {
                gauge.WithLabels(phase.ToString()).Set(counts.GetValueOrDefault(phase));
            }
        });
    }
}
