using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Resource;

namespace Airwave.Sandbox.Kubernetes.Pods;

/// <summary>
/// The downward API's resourceFieldRef: a container's limit or request of cpu, memory or ephemeral-storage in units
/// of the divisor, rounded up. An unset limit is what the node has (this machine's cores, memory, disk); an unset
/// request is the limit when one is set, else 0, as the API server defaults them.
/// </summary>
internal static class ResourceFields
{
    private static readonly string[] Kinds = ["limits", "requests"];
    private static readonly string[] Resources = ["cpu", "memory", "ephemeral-storage"];

    /// <param name="container">The container asking (env); a volume's item names its container.</param>
    public static (string? Value, string? Problem) Value(JsonObject pod, JsonObject? container, JsonObject reference)
    {
        var resource = (string?)reference["resource"] ?? "";
        var parts = resource.Split('.', 2);
        if (parts.Length != 2 || !Kinds.Contains(parts[0]) || !Resources.Contains(parts[1]))
        {
            return (null, $"unsupported container resource: {resource}");
        }

        if ((string?)reference["containerName"] is { Length: > 0 } named)
        {
            container = PodContainers.All(pod).FirstOrDefault(c => (string?)c["name"] == named);
            if (container is null)
            {
                return (null, $"resourceFieldRef {resource} names no container of the pod: {named}");
            }
        }

        if (container is null)
        {
            return (null, $"resourceFieldRef {resource} must name its container");
        }

        try
        {
            var divisor = Quantity.Parse(reference["divisor"]?.ToString() ?? "1");
            if (divisor <= 0)
            {
                return (null, $"resourceFieldRef {resource}: the divisor must be positive");
            }

            var value = Amount(container, parts[0], parts[1]) / divisor;
            return (decimal.Ceiling(value).ToString(CultureInfo.InvariantCulture), null);
        }
        catch (FormatException e)
        {
            return (null, $"resourceFieldRef {resource}: {e.Message}");
        }
    }

    private static decimal Amount(JsonObject container, string kind, string name)
    {
        var limit = (string?)container["resources"]?["limits"]?[name];
        var request = (string?)container["resources"]?["requests"]?[name];
        return kind == "limits"
            ? limit is null ? Allocatable(name) : Quantity.Parse(limit)
            : Quantity.Parse(request ?? limit ?? "0");
    }

    /// <summary>What the sandbox's node has to give, which a container without a limit may use.</summary>
    private static decimal Allocatable(string name) => name switch
    {
        "cpu" => Environment.ProcessorCount,
        "memory" => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        _ => new DriveInfo(Path.GetTempPath()).TotalSize,
    };
}
