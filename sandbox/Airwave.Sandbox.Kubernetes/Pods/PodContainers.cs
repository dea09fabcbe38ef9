using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Pods;

/// <summary>The containers a pod spec lists, init containers first.</summary>
internal static class PodContainers
{
    public static IReadOnlyList<JsonObject> Init(JsonObject pod) => List(pod, "initContainers");

    public static IReadOnlyList<JsonObject> Regular(JsonObject pod) => List(pod, "containers");

    public static IReadOnlyList<JsonObject> All(JsonObject pod) => [.. Init(pod), .. Regular(pod)];

    private static List<JsonObject> List(JsonObject pod, string property) => [.. (pod["spec"]?[property] as JsonArray ?? []).OfType<JsonObject>()];
}
