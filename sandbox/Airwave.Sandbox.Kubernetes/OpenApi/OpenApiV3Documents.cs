using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Patching;
using Airwave.Sandbox.Kubernetes.Resources;

namespace Airwave.Sandbox.Kubernetes.OpenApi;

/// <summary>
/// OpenAPI v3 documents per group/version, as /openapi/v3 serves them. kubectl reads them to decide on
/// server-side field validation (the PATCH operation's fieldValidation parameter) and explain reads the
/// schemas: a CRD's own schema; built-in kinds are published as open objects because the sandbox does not
/// carry their full schemas. Strategic merge patch is deliberately not listed, so kubectl computes its
/// client-side apply patches from its compiled-in types.
/// </summary>
internal static class OpenApiV3Documents
{
    private const string PatchSchema = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
    internal const string ObjectMetaSchema = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    private static readonly string[] WriteParameters = ["dryRun", "fieldManager", "fieldValidation"];

    /// <summary>The index: one entry per group/version, with a content hash so clients can cache.</summary>
    public static JsonObject Index(ResourceRegistry registry)
    {
        var paths = new JsonObject();
        foreach (var (group, versions) in registry.Groups())
        {
            foreach (var version in versions)
            {
                var key = group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";
                var hash = Hash(Document(registry, group, version));
                paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={hash}" };
            }
        }

        return new JsonObject { ["paths"] = paths };
    }

    public static JsonObject Document(ResourceRegistry registry, string group, string version)
    {
        var paths = new JsonObject();
        var schemas = new JsonObject
        {
            [PatchSchema] = new JsonObject { ["type"] = "object", ["description"] = "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body." },
            [ObjectMetaSchema] = new JsonObject { ["type"] = "object", ["description"] = "ObjectMeta is metadata that all persisted resources must have.", ["x-kubernetes-preserve-unknown-fields"] = true },
        };
        foreach (var type in registry.All.Where(t => t.Group == group && t.Version == version))
        {
            var schemaName = SchemaName(type);
            schemas[schemaName] = KindSchema(type);
            var prefix = (group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}") + (type.Namespaced ? "/namespaces/{namespace}" : string.Empty);
            paths[$"{prefix}/{type.Plural}"] = new JsonObject
            {
                ["get"] = Operation(type, "list", schemaName, withBody: false),
                ["post"] = Operation(type, "post", schemaName, withBody: true),
            };
            paths[$"{prefix}/{type.Plural}/{{name}}"] = ItemPath(type, schemaName, "");
            if (type.HasStatus)
            {
                paths[$"{prefix}/{type.Plural}/{{name}}/status"] = ItemPath(type, schemaName, "Status");
            }
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static JsonObject ItemPath(ResourceType type, string schemaName, string subresource) => new()
    {
        ["get"] = Operation(type, "get", schemaName, withBody: false, subresource),
        ["put"] = Operation(type, "put", schemaName, withBody: true, subresource),
        ["patch"] = Operation(type, "patch", schemaName, withBody: true, subresource),
        ["delete"] = Operation(type, "delete", schemaName, withBody: false, subresource),
    };

    private static JsonObject Operation(ResourceType type, string action, string schemaName, bool withBody, string subresource = "")
    {
        var operation = new JsonObject
        {
            ["operationId"] = $"{action}{Pascal(type.Group)}{Pascal(type.Version)}{(type.Namespaced ? "Namespaced" : string.Empty)}{type.Kind}{subresource}",
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = "OK",
                    ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Ref(schemaName) } },
                },
            },
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind },
        };
        if (withBody)
        {
            operation["parameters"] = new JsonArray([.. WriteParameters.Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p,
                ["in"] = "query",
                ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
            })]);
            var content = new JsonObject();
            IEnumerable<string> mediaTypes = action == "patch"
                ? [PatchContentTypes.JsonPatch, PatchContentTypes.MergePatch, PatchContentTypes.ApplyPatch]
                : ["application/json"];
            foreach (var mediaType in mediaTypes)
            {
                content[mediaType] = new JsonObject { ["schema"] = Ref(action == "patch" ? PatchSchema : schemaName) };
            }

            operation["requestBody"] = new JsonObject { ["content"] = content, ["required"] = true };
        }

        return operation;
    }

    internal static JsonObject KindSchema(ResourceType type)
    {
        JsonObject schema;
        if (type.Schema is { } custom)
        {
            schema = (JsonObject)custom.OpenApiV3Schema.DeepClone();
            var properties = schema["properties"] as JsonObject ?? [];
            schema["properties"] = properties;
            properties["apiVersion"] ??= new JsonObject { ["type"] = "string", ["description"] = "APIVersion defines the versioned schema of this representation of an object." };
            properties["kind"] ??= new JsonObject { ["type"] = "string", ["description"] = "Kind is a string value representing the REST resource this object represents." };
            properties["metadata"] = new JsonObject { ["allOf"] = new JsonArray(Ref(ObjectMetaSchema)), ["description"] = "Standard object's metadata." };
        }
        else
        {
            schema = new JsonObject
            {
                ["type"] = "object",
                ["description"] = $"{type.Kind} ({type.GroupVersion}); the sandbox accepts any fields for built-in kinds.",
                ["x-kubernetes-preserve-unknown-fields"] = true,
            };
        }

        schema["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind });
        return schema;
    }

    internal static string SchemaName(ResourceType type)
    {
        if (type.IsCustom)
        {
            return $"{string.Join('.', type.Group.Split('.').Reverse())}.{type.Version}.{type.Kind}";
        }

        var group = type.Group.Length == 0 ? "core" : type.Group.Replace(".k8s.io", string.Empty, StringComparison.Ordinal);
        return $"io.k8s.api.{group}.{type.Version}.{type.Kind}";
    }

    private static JsonObject Ref(string schemaName) => new() { ["$ref"] = $"#/components/schemas/{schemaName}" };

    private static string Pascal(string text) => string.Concat(text.Split('.', '-').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    private static string Hash(JsonObject document) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(document.ToJsonString())));
}
