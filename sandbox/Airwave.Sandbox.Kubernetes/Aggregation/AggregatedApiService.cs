using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Aggregation;

/// <summary>An APIService that names a Service: its group version is served by that Service's pods, through the API server.</summary>
internal sealed record AggregatedApiService(
    string Name,
    string Group,
    string Version,
    int GroupPriorityMinimum,
    int VersionPriority,
    string ServiceNamespace,
    string ServiceName,
    int Port,
    string? CaBundle,
    bool InsecureSkipTlsVerify,
    bool Available)
{
    /// <summary>The host the Service answers at, which its serving certificate must name.</summary>
    public string Host => $"{ServiceName}.{ServiceNamespace}.svc";

    /// <summary>The APIService as an aggregated one, or null when it names no Service (a Local one).</summary>
    public static AggregatedApiService? From(StoredObject stored)
    {
        var obj = stored.ToJson();
        if (obj["spec"] is not JsonObject spec || spec["service"] is not JsonObject service)
        {
            return null;
        }

        var available = (obj["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>()
            .Any(c => (string?)c["type"] == "Available" && (string?)c["status"] == "True");
        return new AggregatedApiService(
            stored.Key.Name,
            (string?)spec["group"] ?? "",
            (string?)spec["version"] ?? "",
            (int?)spec["groupPriorityMinimum"] ?? 0,
            (int?)spec["versionPriority"] ?? 0,
            (string?)service["namespace"] ?? "",
            (string?)service["name"] ?? "",
            (int?)service["port"] ?? 443,
            (string?)spec["caBundle"],
            (bool?)spec["insecureSkipTLSVerify"] == true,
            available);
    }
}
