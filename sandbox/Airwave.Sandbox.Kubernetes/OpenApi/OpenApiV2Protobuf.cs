using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Protobuf;

namespace Airwave.Sandbox.Kubernetes.OpenApi;

/// <summary>
/// Encodes a Swagger 2.0 document as the protobuf message kubectl asks /openapi/v2 for (gnostic's
/// `openapi.v2.Document`); client-go parses nothing else there.
/// </summary>
internal static class OpenApiV2Protobuf
{
    /// <summary>What the response is labelled: the requested type with `.` for `@`, which is not valid in a media type.</summary>
    public const string ContentType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    private const string Requested = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

    public static bool IsRequested(string? accept) => accept is not null && accept.Contains(Requested, StringComparison.Ordinal);

    public static byte[] Encode(JsonObject document)
    {
        var writer = new ProtobufWriter();
        writer.String(1, (string?)document["swagger"]);
        if (document["info"] is JsonObject info)
        {
            writer.Message(2, w =>
            {
                w.String(1, (string?)info["title"]);
                w.String(2, (string?)info["version"]);
            });
        }

        writer.Message(8, _ => { });
        if (document["definitions"] is JsonObject definitions)
        {
            writer.Message(9, w => NamedSchemas(w, 1, definitions));
        }

        return writer.ToArray();
    }

    private static void NamedSchemas(ProtobufWriter writer, int field, JsonObject schemas)
    {
        foreach (var (name, schema) in schemas)
        {
            writer.Message(field, w =>
            {
                w.String(1, name);
                w.Message(2, s => Schema(s, (JsonObject)schema!));
            });
        }
    }

    private static void Schema(ProtobufWriter w, JsonObject schema)
    {
        w.String(1, (string?)schema["$ref"]);
        w.String(2, (string?)schema["format"]);
        w.String(3, (string?)schema["title"]);
        w.String(4, (string?)schema["description"]);
        Any(w, 5, schema["default"]);
        w.Double(6, Number(schema["multipleOf"]));
        w.Double(7, Number(schema["maximum"]));
        w.Bool(8, Flag(schema["exclusiveMaximum"]));
        w.Double(9, Number(schema["minimum"]));
        w.Bool(10, Flag(schema["exclusiveMinimum"]));
        w.Int64(11, (long)Number(schema["maxLength"]));
        w.Int64(12, (long)Number(schema["minLength"]));
        w.String(13, (string?)schema["pattern"]);
        w.Int64(14, (long)Number(schema["maxItems"]));
        w.Int64(15, (long)Number(schema["minItems"]));
        w.Bool(16, Flag(schema["uniqueItems"]));
        w.Int64(17, (long)Number(schema["maxProperties"]));
        w.Int64(18, (long)Number(schema["minProperties"]));
        foreach (var name in schema["required"] as JsonArray ?? [])
        {
            w.String(19, (string?)name);
        }

        foreach (var value in schema["enum"] as JsonArray ?? [])
        {
            Any(w, 20, value, always: true);
        }

        switch (schema["additionalProperties"])
        {
            case JsonObject additional:
                w.Message(21, a => a.Message(1, s => Schema(s, additional)));
                break;
            case JsonValue allowed when allowed.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                // A oneof field is present even when false, so the boolean is written as a varint either way.
                w.Message(21, a => a.Int64(2, allowed.GetValue<bool>() ? 1 : 0));
                break;
        }

        if (schema["type"] is JsonNode type)
        {
            w.Message(22, t =>
            {
                foreach (var name in type is JsonArray names ? names.Select(n => (string?)n) : [(string?)type])
                {
                    t.String(1, name);
                }
            });
        }

        if (schema["items"] is JsonNode items)
        {
            w.Message(23, i =>
            {
                foreach (var item in items is JsonArray list ? list.OfType<JsonObject>() : [(JsonObject)items])
                {
                    i.Message(1, s => Schema(s, item));
                }
            });
        }

        foreach (var part in (schema["allOf"] as JsonArray ?? []).OfType<JsonObject>())
        {
            w.Message(24, s => Schema(s, part));
        }

        if (schema["properties"] is JsonObject properties)
        {
            w.Message(25, p => NamedSchemas(p, 1, properties));
        }

        w.Bool(27, Flag(schema["readOnly"]));
        Any(w, 30, schema["example"]);
        foreach (var (name, value) in schema.Where(p => p.Key.StartsWith("x-", StringComparison.Ordinal)))
        {
            w.Message(31, e =>
            {
                e.String(1, name);
                Any(e, 2, value, always: true);
            });
        }
    }

    /// <summary>An `Any` carries its value as YAML text; JSON is YAML, so the value's JSON is written.</summary>
    private static void Any(ProtobufWriter writer, int field, JsonNode? value, bool always = false)
    {
        if (value is not null || always)
        {
            writer.Message(field, a => a.String(2, value?.ToJsonString() ?? "null"));
        }
    }

    private static double Number(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture) : 0;

    private static bool Flag(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.True;
}
