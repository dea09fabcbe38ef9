using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Resources;

namespace Airwave.Sandbox.Kubernetes.Tables;

/// <summary>
/// The columns kube-apiserver prints for events (core v1 and events.k8s.io/v1 alike), computed as its printer
/// computes them: LAST SEEN from the series' last observation, else lastTimestamp, else the first sighting
/// (firstTimestamp, else eventTime); OBJECT as kind/name; COUNT from the series, else count, else 1; and with
/// -o wide the subobject, the source (component, host), FIRST SEEN, COUNT and NAME.
/// </summary>
internal static class EventColumns
{
    public static IReadOnlyList<PrinterColumn> All { get; } =
    [
        new("Last Seen", "string", "", "The time at which the most recent occurrence of this event was recorded.", 0, null) { Compute = (e, now) => LastSeen(e, now) },
        new("Type", "string", "", "Type of this event (Normal, Warning), new types could be added in the future", 0, null) { Compute = (e, _) => Text(e, "type") },
        new("Reason", "string", "", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.", 0, null) { Compute = (e, _) => Text(e, "reason") },
        new("Object", "string", "", "The object that this event is about.", 0, null) { Compute = (e, _) => Target(e) },
        new("Subobject", "string", "", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.", 1, null)
        {
            Compute = (e, _) => (string?)Regarding(e)?["fieldPath"] ?? string.Empty,
        },
        new("Source", "string", "", "The component reporting this event.", 1, null) { Compute = (e, _) => Source(e) },
        new("Message", "string", "", "A human-readable description of the status of this operation.", 0, null) { Compute = (e, _) => Text(e, "message", "note").Trim() },
        new("First Seen", "string", "", "The time at which the event was first recorded.", 1, null) { Compute = (e, now) => FirstSeen(e, now) },
        new("Count", "string", "", "The number of times this event has occurred.", 1, null) { Compute = (e, _) => Count(e) },
        new("Name", "string", "", "Name must be unique within a namespace.", 1, "name") { Compute = (e, _) => (string?)e["metadata"]?["name"] ?? string.Empty },
    ];

    private static string FirstSeen(JsonObject e, DateTimeOffset now) =>
        Since(Field(e, "firstTimestamp", "deprecatedFirstTimestamp"), now) ?? Since(e["eventTime"], now) ?? "<unknown>";

    private static string LastSeen(JsonObject e, DateTimeOffset now) =>
        e["series"] is JsonObject series ? Since(series["lastObservedTime"], now) ?? "<unknown>"
        : Since(Field(e, "lastTimestamp", "deprecatedLastTimestamp"), now) ?? FirstSeen(e, now);

    private static long Count(JsonObject e) =>
        e["series"] is JsonObject series ? (long?)series["count"] ?? 0
        : (long?)Field(e, "count", "deprecatedCount") is { } count and not 0 ? count
        : 1;

    private static string Target(JsonObject e)
    {
        var regarding = Regarding(e);
        var kind = ((string?)regarding?["kind"] ?? string.Empty).ToLowerInvariant();
        return (string?)regarding?["name"] is { Length: > 0 } name ? $"{kind}/{name}" : kind;
    }

    /// <summary>The source's component, else the reporting controller; with the host, else the reporting instance, after a comma.</summary>
    private static string Source(JsonObject e)
    {
        var source = Field(e, "source", "deprecatedSource");
        var component = (string?)source?["component"] is { Length: > 0 } c ? c : Text(e, "reportingComponent", "reportingController");
        var host = (string?)source?["host"] is { Length: > 0 } h ? h : Text(e, "reportingInstance");
        return host.Length == 0 ? component : $"{component}, {host}";
    }

    private static JsonNode? Regarding(JsonObject e) => Field(e, "involvedObject", "regarding");

    /// <summary>A field by its core v1 name, or its events.k8s.io/v1 name.</summary>
    private static JsonNode? Field(JsonObject e, string core, string? events = null) => e[core] ?? (events is null ? null : e[events]);

    private static string Text(JsonObject e, string core, string? events = null) => (string?)Field(e, core, events) ?? string.Empty;

    private static string? Since(JsonNode? timestamp, DateTimeOffset now) =>
        timestamp is JsonValue value && DateTimeOffset.TryParse(value.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? HumanDuration.Format(now - at)
            : null;
}
