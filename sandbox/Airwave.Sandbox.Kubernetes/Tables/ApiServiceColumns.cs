using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Resources;

namespace Airwave.Sandbox.Kubernetes.Tables;

/// <summary>The columns kube-apiserver prints for APIServices: SERVICE (Local without one) and AVAILABLE (with the reason when not).</summary>
internal static class ApiServiceColumns
{
    public static IReadOnlyList<PrinterColumn> All { get; } =
    [
        new("Service", "string", "", "The reference to the service that hosts this API endpoint.", 0, null) { Compute = (api, _) => Service(api) },
        new("Available", "string", "", "Whether this service is available.", 0, null) { Compute = (api, _) => Available(api) },
        new("Age", "date", ".metadata.creationTimestamp", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0, null),
    ];

    private static string Service(JsonObject api) =>
        api["spec"]?["service"] is JsonObject service ? $"{(string?)service["namespace"]}/{(string?)service["name"]}" : "Local";

    private static string Available(JsonObject api)
    {
        var available = (api["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "Available");
        return available is null ? "Unknown"
            : (string?)available["status"] == "True" ? "True"
            : $"{(string?)available["status"]} ({(string?)available["reason"]})";
    }
}
