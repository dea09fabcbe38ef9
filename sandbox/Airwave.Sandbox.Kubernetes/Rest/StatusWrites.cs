using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Rest;

/// <summary>How the sandbox's controllers (kubelet, workload controllers) write a status they computed.</summary>
internal static class StatusWrites
{
    private static readonly string[] Times = ["lastTransitionTime", "lastUpdateTime", "lastProbeTime"];

    /// <summary>
    /// Replaces the object's status unless it is already that; a condition whose status and reason did not change
    /// keeps its transition (and update) time, as controllers keep them.
    /// </summary>
    public static void Write(ResourceService service, StoredObject target, JsonObject status) => service.MutateStatus(target, stored =>
    {
        var next = (JsonObject)status.DeepClone();
        var before = (stored["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        foreach (var condition in (next["conditions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var previous = before.FirstOrDefault(c => (string?)c["type"] == (string?)condition["type"]);
            if ((string?)previous?["status"] == (string?)condition["status"] && (string?)previous?["reason"] == (string?)condition["reason"])
            {
                foreach (var time in Times)
                {
                    if (condition.ContainsKey(time))
                    {
                        condition[time] = previous![time]?.DeepClone();
                    }
                }
            }
        }

        if (JsonNode.DeepEquals(stored["status"], next))
        {
            return false;
        }

        stored["status"] = next;
        return true;
    });
}
