using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Resources;

namespace Airwave.Sandbox.Kubernetes.OpenApi;

/// <summary>
/// The Swagger 2.0 document at /openapi/v2. kubectl reads its definitions to validate the items of a `kind: List`
/// file before it creates any of them (v1/List has no OpenAPI v3 document). It carries one definition per served
/// kind, found by its `x-kubernetes-group-version-kind`: a CRD's schema converted as kube-apiserver converts it for
/// v2, built-in kinds as open objects (as in the v3 documents). Operations are published in the v3 documents only.
/// </summary>
internal static class OpenApiV2Document
{
    public static JsonObject Build(ResourceRegistry registry)
    {
        var definitions = new JsonObject
        {
            [OpenApiV3Documents.ObjectMetaSchema] = new JsonObject { ["type"] = "object", ["description"] = "ObjectMeta is metadata that all persisted resources must have." },
        };
        foreach (var type in registry.All.OrderBy(t => OpenApiV3Documents.SchemaName(t), StringComparer.Ordinal))
        {
            var schema = OpenApiV3Documents.KindSchema(type);
            if (schema["properties"] is JsonObject properties)
            {
                properties["metadata"] = new JsonObject { ["$ref"] = $"#/definitions/{OpenApiV3Documents.ObjectMetaSchema}", ["description"] = "Standard object's metadata." };
            }

            if (!type.IsCustom)
            {
                // An open object: type object without properties, which kubectl reads as a map of anything.
                schema.Remove("x-kubernetes-preserve-unknown-fields");
            }

            ToStructuralV2(schema);
            definitions[OpenApiV3Documents.SchemaName(type)] = schema;
        }

        return new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = new JsonObject(),
            ["definitions"] = definitions,
        };
    }

    /// <summary>
    /// What kube-apiserver drops from a CRD schema for v2 clients, which cannot express it: the logical combinators,
    /// and the properties or items of a nullable or unknown-field-preserving node (kubectl would reject what they allow).
    /// </summary>
    private static void ToStructuralV2(JsonObject schema)
    {
        foreach (var keyword in new[] { "allOf", "anyOf", "oneOf", "not" })
        {
            schema.Remove(keyword);
        }

        if (schema["nullable"] is JsonValue nullable && nullable.GetValue<bool>())
        {
            schema.Remove("type");
            schema.Remove("items");
            schema.Remove("properties");
        }

        schema.Remove("nullable");
        if (schema["x-kubernetes-preserve-unknown-fields"] is JsonValue preserve && preserve.GetValue<bool>())
        {
            schema.Remove("items");
            schema.Remove("properties");
        }

        if ((string?)schema["type"] == "array" && schema["items"] is null)
        {
            schema.Remove("type");
        }

        if (schema["properties"] is JsonObject properties)
        {
            var nullableNames = properties.Where(p => p.Value?["nullable"] is JsonValue v && v.GetValue<bool>()).Select(p => p.Key).ToHashSet();
            if (schema["required"] is JsonArray required && nullableNames.Count > 0)
            {
                schema["required"] = new JsonArray([.. required.Select(r => (string?)r).Where(r => r is not null && !nullableNames.Contains(r)).Select(r => (JsonNode)r!)]);
            }

            foreach (var (_, child) in properties)
            {
                if (child is JsonObject childSchema)
                {
                    ToStructuralV2(childSchema);
                }
            }
        }

        if (schema["items"] is JsonObject items)
        {
            ToStructuralV2(items);
        }

        if (schema["additionalProperties"] is JsonObject additional)
        {
            ToStructuralV2(additional);
        }
    }
}
