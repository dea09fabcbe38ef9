using System.Text.Json.Nodes;
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

    /// <summary>The document of /api (the core group) or /apis (all named groups).</summary>
    public static JsonObject Document(ResourceRegistry registry, bool core) => new()
    {
        ["kind"] = "APIGroupDiscoveryList",
        ["apiVersion"] = "apidiscovery.k8s.io/v2",
        ["metadata"] = new JsonObject(),
        ["items"] = new JsonArray([.. registry.Groups().Where(g => (g.Group.Length == 0) == core).Select(g => (JsonNode)Group(registry, g.Group, g.Versions))]),
    };

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
