using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Resource;

namespace Airwave.Sandbox.Kubernetes.Pods;

/// <summary>
/// A pod's quality of service class (status.qosClass), as kube-apiserver and the kubelet compute it from the cpu and
/// memory of its containers' resources: BestEffort without any, Guaranteed when every container limits both and
/// requests what it limits (an unset request is the limit), else Burstable.
/// </summary>
internal static class PodQos
{
    private static readonly string[] Compute = ["cpu", "memory"];

    public static string Class(JsonObject pod)
    {
        var any = false;
        var guaranteed = true;
        foreach (var container in PodContainers.All(pod))
        {
            var requests = Amounts(container["resources"]?["requests"]);
            var limits = Amounts(container["resources"]?["limits"]);
            any |= requests.Count > 0 || limits.Count > 0;
            guaranteed &= Compute.All(limits.ContainsKey)
                && requests.All(r => limits.TryGetValue(r.Key, out var limit) && limit == r.Value);
        }

        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }

    /// <summary>The non-zero cpu and memory amounts of a requests or limits map; what cannot be read counts as unset.</summary>
    private static Dictionary<string, decimal> Amounts(JsonNode? resources)
    {
        var amounts = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var name in Compute)
        {
            try
            {
                if (resources?[name]?.ToString() is { } text && Quantity.Parse(text) is var amount && amount != 0)
                {
                    amounts[name] = amount;
                }
            }
            catch (FormatException)
            {
                // Not a quantity: the API server would have refused it.
            }
        }

        return amounts;
    }
}
