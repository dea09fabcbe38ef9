using System.Text.Json;
using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.ApiMachinery.Patch;

/// <summary>
/// Which lists of a kind server-side apply merges, and how: x-kubernetes-list-type map (by the
/// x-kubernetes-list-map-keys), set, or atomic (the default), plus maps marked x-kubernetes-map-type: atomic
/// (owned and replaced whole). One instance describes one field; list items share the description of their list,
/// so an atomic-map list node means atomic items.
/// Every kind gets ObjectMeta's lists as upstream declares them: ownerReferences keyed by uid, finalizers a set.
/// </summary>
public sealed class ListTypes
{
    private readonly Dictionary<string, ListTypes> fields = new(StringComparer.Ordinal);
    private ListTypes? additionalProperties;

    private ListTypes()
    {
    }

    internal ListType List { get; private set; } = ListType.Atomic;

    internal bool IsAtomicMap { get; private set; }

    /// <summary>From a CRD version's schema.openAPIV3Schema.</summary>
    public static ListTypes FromSchema(JsonNode openApiV3Schema)
    {
        ArgumentNullException.ThrowIfNull(openApiV3Schema);
        var root = new ListTypes();
        root.Read(openApiV3Schema);
        root.AddObjectMeta("metadata");
        return root;
    }

    /// <summary>
    /// For a built-in kind, from its strategic-merge metadata (<see cref="PatchStrategy.For"/>), plus the maps
    /// k8s.io/api declares atomic that the sandbox's kinds use: label selectors and a Service's selector.
    /// </summary>
    public static ListTypes For(string group, string kind)
    {
        var root = new ListTypes();
        foreach (var (path, mergeKey) in PatchStrategy.For(group, kind).MergeLists)
        {
            root.Descend(path).List = mergeKey is null ? ListType.Set : ListType.MapBy(mergeKey);
        }

        if ((group, kind) is ("apps", "Deployment") or ("batch", "Job") or ("", "Service"))
        {
            root.Descend("spec.selector").IsAtomicMap = true;
        }

        root.AddObjectMeta("metadata");
        return root;
    }

    /// <summary>The description of a field of this object (or of this list's items); null when unknown.</summary>
    internal ListTypes? Field(string name) => fields.TryGetValue(name, out var field) ? field : additionalProperties;

    // OwnerReference is an atomic struct upstream: each reference is owned whole.
    private void AddObjectMeta(string path)
    {
        var ownerReferences = Descend($"{path}.ownerReferences");
        ownerReferences.List = ListType.MapBy("uid");
        ownerReferences.IsAtomicMap = true;
        Descend($"{path}.finalizers").List = ListType.Set;
    }

    private ListTypes Descend(string path)
    {
        var node = this;
        foreach (var name in path.Split('.'))
        {
            if (!node.fields.TryGetValue(name, out var child))
            {
                child = new ListTypes();
                node.fields[name] = child;
            }

            node = child;
        }

        return node;
    }

    private void Read(JsonNode schema)
    {
        if (schema["x-kubernetes-map-type"] is JsonValue mapType && mapType.GetValueKind() == JsonValueKind.String)
        {
            IsAtomicMap = mapType.GetValue<string>() == "atomic";
        }

        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, property) in properties)
            {
                if (property is not null)
                {
                    var child = new ListTypes();
                    child.Read(property);
                    fields[name] = child;
                }
            }
        }

        if (schema["additionalProperties"] is JsonObject valueSchema)
        {
            additionalProperties = new ListTypes();
            additionalProperties.Read(valueSchema);
        }

        if (schema["items"] is JsonObject itemSchema)
        {
            List = ReadListType(schema);
            Read(itemSchema);
        }
    }

    private static ListType ReadListType(JsonNode schema)
    {
        var listType = schema["x-kubernetes-list-type"] is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : "atomic";
        return listType switch
        {
            "set" => ListType.Set,
            "map" when schema["x-kubernetes-list-map-keys"] is JsonArray keys =>
                ListType.MapBy([.. keys.Select(key => key?.GetValue<string>() ?? throw new PatchException("x-kubernetes-list-map-keys must list field names"))]),
            "map" => throw new PatchException("x-kubernetes-list-type: map requires x-kubernetes-list-map-keys"),
            _ => ListType.Atomic,
        };
    }
}
