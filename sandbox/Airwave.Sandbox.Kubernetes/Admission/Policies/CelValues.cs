using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Admission.Policies;

/// <summary>
/// The variables a policy's expressions see (object, oldObject, request, namespaceObject, params), as the values the
/// CEL library evaluates: maps, lists, strings, integers, doubles, booleans and null.
/// </summary>
internal static class CelValues
{
    /// <summary>A write's values, converted once for every policy that looks at it (the expressions only read them).</summary>
    public static IReadOnlyDictionary<string, object?> Of(AdmissionAttributes request, JsonObject? namespaceObject) => new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["object"] = FromJson(request.Object),
        ["oldObject"] = FromJson(request.OldObject),
        ["request"] = FromJson(Request(request)),
        ["namespaceObject"] = FromJson(namespaceObject),
        ["params"] = null,
    };

    public static object? FromJson(JsonNode? node) => node switch
    {
        JsonObject map => map.ToDictionary(p => p.Key, p => FromJson(p.Value), StringComparer.Ordinal),
        JsonArray list => list.Select(FromJson).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => (string)value!,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => Number(value),
            _ => null,
        },
        _ => null,
    };

    /// <summary>An integer as CEL's int, anything else as its double; whether the node was parsed or built in memory.</summary>
    private static object Number(JsonValue value)
    {
        var text = value.ToJsonString();
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole)
            ? whole
            : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>The AdmissionRequest's fields the request variable carries.</summary>
    private static JsonObject Request(AdmissionAttributes request)
    {
        var type = request.Type;
        JsonObject Kind() => new() { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind };
        JsonObject Resource() => new() { ["group"] = type.Group, ["version"] = type.Version, ["resource"] = type.Plural };
        return new JsonObject
        {
            ["kind"] = Kind(),
            ["resource"] = Resource(),
            ["subResource"] = request.Subresource ?? "",
            ["requestKind"] = Kind(),
            ["requestResource"] = Resource(),
            ["requestSubResource"] = request.Subresource ?? "",
            ["name"] = request.Name,
            ["namespace"] = request.Namespace ?? "",
            ["operation"] = request.Operation,
            ["userInfo"] = new JsonObject
            {
                ["username"] = request.User?.Name ?? "",
                ["groups"] = new JsonArray([.. (request.User?.Groups ?? []).Select(g => (JsonNode?)g)]),
            },
            ["dryRun"] = request.DryRun,
        };
    }
}
