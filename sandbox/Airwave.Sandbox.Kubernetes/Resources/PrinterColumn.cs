using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Resources;

/// <summary>
/// A column of `kubectl get` output, as a CRD's additionalPrinterColumns declare it: read at a JSON path, or, for a
/// built-in kind whose printer computes it, by <see cref="Compute"/> from the object and the time it is printed.
/// </summary>
internal sealed record PrinterColumn(string Name, string Type, string JsonPath, string Description, int Priority, string? Format)
{
    public Func<JsonObject, DateTimeOffset, JsonNode?>? Compute { get; init; }
}
