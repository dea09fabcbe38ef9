using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Admission;
using Airwave.Sandbox.Kubernetes.Pods;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Workloads;

/// <summary>
/// Whether evicting a pod keeps its namespace's PodDisruptionBudgets, counted when asked (the sandbox runs no
/// disruption controller): the healthy (Ready) pods a budget selects against those it needs, <c>minAvailable</c> of
/// the pods it selects, or all of them less <c>maxUnavailable</c> (a count or a percentage, rounded up as the
/// disruption controller rounds). A pod that is not healthy may go while the budget is met, one that is only while
/// the budget stays met without it; a finished pod always may.
/// </summary>
internal static class DisruptionBudgets
{
    /// <summary>The first budget the eviction would break, with what it needs and has; null when none would break.</summary>
    public static (string Budget, int Needed, int Healthy)? Broken(ObjectStore store, StoredObject pod)
    {
        var podJson = pod.ToJson();
        if ((string?)podJson["status"]?["phase"] is "Succeeded" or "Failed")
        {
            return null;
        }

        var ns = pod.Key.Namespace;
        foreach (var budget in store.List(BuiltInResources.PodDisruptionBudgets.StorageKey, ns).Items.Select(o => o.ToJson()))
        {
            if (budget["spec"]?["selector"] is not JsonObject selector || !AdmissionSelectors.Selector(selector).Matches(pod.Labels))
            {
                continue;
            }

            var selected = store.List(BuiltInResources.Pods.StorageKey, ns).Items
                .Where(o => !o.IsDeleting && AdmissionSelectors.Selector(selector).Matches(o.Labels))
                .Select(o => o.ToJson())
                .Where(p => (string?)p["status"]?["phase"] is not ("Succeeded" or "Failed"))
                .ToList();
            var healthy = selected.Count(PodReadiness.IsReady);
            var needed = Needed(budget["spec"]!, selected.Count);
            if (PodReadiness.IsReady(podJson) ? healthy - 1 < needed : healthy < needed)
            {
                return ((string?)budget["metadata"]?["name"] ?? "", needed, healthy);
            }
        }

        return null;
    }

    private static int Needed(JsonNode spec, int expected) =>
        spec["minAvailable"] is { } min ? Count(min, expected)
        : spec["maxUnavailable"] is { } max ? Math.Max(0, expected - Count(max, expected))
        : 0;

    /// <summary>An IntOrString of the budget: a number, or a percentage of the expected pods rounded up.</summary>
    private static int Count(JsonNode value, int expected) =>
        value.GetValueKind() == System.Text.Json.JsonValueKind.Number ? (int)value
        : ((string?)value ?? "").TrimEnd('%') is var percent && int.TryParse(percent, NumberStyles.None, CultureInfo.InvariantCulture, out var share)
            ? (int)Math.Ceiling(expected * share / 100.0)
            : 0;
}
