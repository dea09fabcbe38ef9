using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Resources;

/// <summary>events.k8s.io/v1 Event ⇄ core v1 Event, field for field as k8s.io/kubernetes/pkg/apis/events/v1 converts them.</summary>
internal sealed class EventConversion : IObjectConversion
{
    private static readonly (string Core, string Events)[] Fields =
    [
        ("eventTime", "eventTime"),
        ("series", "series"),
        ("reportingComponent", "reportingController"),
        ("reportingInstance", "reportingInstance"),
        ("action", "action"),
        ("reason", "reason"),
        ("involvedObject", "regarding"),
        ("related", "related"),
        ("message", "note"),
        ("type", "type"),
        ("source", "deprecatedSource"),
        ("firstTimestamp", "deprecatedFirstTimestamp"),
        ("lastTimestamp", "deprecatedLastTimestamp"),
        ("count", "deprecatedCount"),
    ];

    public static EventConversion Instance { get; } = new();

    public JsonObject ToStorage(JsonObject served) => Copy(served, "v1", Fields.Select(f => (f.Events, f.Core)));

    public JsonObject ToServed(JsonObject stored) => Copy(stored, "events.k8s.io/v1", Fields.Select(f => (f.Core, f.Events)));

    public string StoragePath(string servedPath)
    {
        foreach (var (core, events) in Fields)
        {
            if (servedPath == events || servedPath.StartsWith(events + ".", StringComparison.Ordinal))
            {
                return core + servedPath[events.Length..];
            }
        }

        return servedPath;
    }

    private static JsonObject Copy(JsonObject from, string apiVersion, IEnumerable<(string From, string To)> fields)
    {
        var result = new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = "Event",
            ["metadata"] = from["metadata"]?.DeepClone(),
        };
        foreach (var (source, target) in fields)
        {
            if (from[source] is { } value)
            {
                result[target] = value.DeepClone();
            }
        }

        return result;
    }
}
