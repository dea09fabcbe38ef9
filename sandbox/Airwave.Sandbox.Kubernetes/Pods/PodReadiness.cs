using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Pods;

/// <summary>Whether a pod is Ready, as its controllers, its Services and its disruption budgets count it: its Ready condition is True.</summary>
internal static class PodReadiness
{
    public static bool IsReady(JsonNode? pod) =>
        (pod?["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>().Any(c => (string?)c["type"] == "Ready" && (string?)c["status"] == "True");
}
