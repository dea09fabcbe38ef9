using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Aggregation;
using Airwave.Sandbox.Kubernetes.Resources;

namespace Airwave.Sandbox.Kubernetes.Discovery;

/// <summary>
/// Aggregated discovery (apidiscovery.k8s.io/v2): every group, version and resource in one document from /api and
/// one from /apis, for clients that ask for it in their Accept header (kubectl since 1.30), saving a request per group/version.
/// </summary>
internal static class AggregatedDiscovery
{
    public const string ContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    public static bool IsRequested(string? accept) =>
        accept is not null
        && accept.Split(',').Any(media => media.Contains("g=apidiscovery.k8s.io", StringComparison.Ordinal)
            && media.Contains("v=v2;", StringComparison.Ordinal)
            && media.Contains("as=APIGroupDiscoveryList", StringComparison.Ordinal));

    /// <summary>
    /// The document of /api (the core group, <paramref name="aggregated"/> null) or /apis: the named groups served
    /// here, then those of aggregated APIs as their servers last described them (Stale while one is not Available).
    /// </summary>
    public static JsonObject Document(ResourceRegistry registry, AggregatedApis? aggregated)
    {
        var core = aggregated is null;
        var items = new JsonArray([.. registry.Groups().Where(g => (g.Group.Length == 0) == core).Select(g => (JsonNode)Group(registry, g.Group, g.Versions))]);
        foreach (var (group, versions) in aggregated?.Groups() ?? [])
        {
            if (registry.Groups().All(g => g.Group != group) && AggregatedGroup(aggregated!, group, versions) is { } item)
            {
                items.Add(item);
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = "apidiscovery.k8s.io/v2",
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    /// <summary>An aggregated group's versions whose servers have answered a discovery check, or null when none has.</summary>
    private static JsonObject? AggregatedGroup(AggregatedApis aggregated, string group, IReadOnlyList<string> versions)
    {
        var described = new JsonArray();
        foreach (var version in versions)
        {
            var api = aggregated.Find(group, version);
            if (api is not null && aggregated.Resources(api.Name) is { } list)
            {
                described.Add(new JsonObject
                {
                    ["version"] = version,
                    ["resources"] = FromResourceList(group, version, list),
                    ["freshness"] = api.Available ? "Current" : "Stale",
                });
            }
        }

        return described.Count == 0 ? null : new JsonObject { ["metadata"] = new JsonObject { ["name"] = group }, ["versions"] = described };
    }

    /// <summary>A server's APIResourceList (legacy discovery) as aggregated discovery's resources, subresources under their resource.</summary>
    private static JsonArray FromResourceList(string group, string version, JsonObject list)
    {
        var entries = (list["resources"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        JsonObject Kind(JsonObject entry) => new()
        {
            ["group"] = (string?)entry["group"] ?? group,
            ["version"] = (string?)entry["version"] ?? version,
            ["kind"] = (string?)entry["kind"],
        };
        var resources = new JsonArray();
        foreach (var entry in entries.Where(e => ((string?)e["name"] ?? "/").IndexOf('/', StringComparison.Ordinal) < 0))
        {
            var name = (string)entry["name"]!;
            var resource = new JsonObject
            {
                ["resource"] = name,
                ["responseKind"] = Kind(entry),
                ["scope"] = (bool?)entry["namespaced"] == true ? "Namespaced" : "Cluster",
                ["singularResource"] = (string?)entry["singularName"] ?? "",
                ["verbs"] = entry["verbs"]?.DeepClone() ?? new JsonArray(),
            };
            foreach (var optional in new[] { "shortNames", "categories" })
            {
                if (entry[optional] is JsonArray values)
                {
                    resource[optional] = values.DeepClone();
                }
            }

            var subresources = new JsonArray([.. entries
                .Where(e => ((string?)e["name"])?.StartsWith(name + "/", StringComparison.Ordinal) == true)
                .Select(e => (JsonNode)new JsonObject
                {
                    ["subresource"] = ((string)e["name"]!)[(name.Length + 1)..],
                    ["responseKind"] = Kind(e),
                    ["verbs"] = e["verbs"]?.DeepClone() ?? new JsonArray(),
                })]);
            if (subresources.Count > 0)
            {
                resource["subresources"] = subresources;
            }

            resources.Add(resource);
        }

        return resources;
    }

    private static JsonObject Group(ResourceRegistry registry, string group, IReadOnlyList<string> versions) => new()
    {
        ["metadata"] = group.Length == 0 ? new JsonObject() : new JsonObject { ["name"] = group },
        ["versions"] = new JsonArray([.. versions.Select(version => (JsonNode)new JsonObject
        {
            ["version"] = version,
            ["resources"] = new JsonArray([.. registry.All.Where(t => t.Group == group && t.Version == version).Select(t => (JsonNode)Resource(t))]),
            ["freshness"] = "Current",
        })]),
    };

    private static JsonObject Resource(ResourceType type)
    {
        var resource = new JsonObject
        {
            ["resource"] = type.Plural,
            ["responseKind"] = Kind(type),
            ["scope"] = type.Namespaced ? "Namespaced" : "Cluster",
            ["singularResource"] = type.Singular,
            ["verbs"] = new JsonArray([.. type.ServedVerbs.Select(v => (JsonNode)v)]),
        };
        if (type.ShortNames.Count > 0)
        {
            resource["shortNames"] = new JsonArray([.. type.ShortNames.Select(s => (JsonNode)s)]);
        }

        if (type.Categories.Count > 0)
        {
            resource["categories"] = new JsonArray([.. type.Categories.Select(c => (JsonNode)c)]);
        }

        var subresources = new JsonArray();
        if (type.HasStatus)
        {
            subresources.Add(new JsonObject
            {
                ["subresource"] = "status",
                ["responseKind"] = Kind(type),
                ["verbs"] = new JsonArray("get", "patch", "update"),
            });
        }

        foreach (var subresource in type.Subresources)
        {
            subresources.Add(new JsonObject
            {
                ["subresource"] = subresource.Name,
                ["responseKind"] = new JsonObject { ["group"] = subresource.Group, ["version"] = subresource.Version, ["kind"] = subresource.Kind },
                ["verbs"] = new JsonArray([.. subresource.Verbs.Select(v => (JsonNode)v)]),
            });
        }

        if (subresources.Count > 0)
        {
            resource["subresources"] = subresources;
        }

        return resource;
    }

    private static JsonObject Kind(ResourceType type) => new() { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind };
}
