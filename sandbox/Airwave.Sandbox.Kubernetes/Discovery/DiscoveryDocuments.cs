using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Resources;

namespace Airwave.Sandbox.Kubernetes.Discovery;

/// <summary>
/// The legacy (unaggregated) discovery documents: /api, /apis, /apis/{group} and the resource list of a
/// group/version. Clients that ask for aggregated discovery get these with a plain JSON content type and fall back.
/// </summary>
internal static class DiscoveryDocuments
{
    /// <summary>The Kubernetes version the sandbox serves, which its kubelet reports too.</summary>
    public const string GitVersion = "v1.32.0";

    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = GitVersion,
        ["gitCommit"] = "airwave-sandbox",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "go1.23.0",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    /// <summary>The named groups served here, then those of aggregated APIs (<paramref name="aggregated"/>) not served here.</summary>
    public static JsonObject GroupList(ResourceRegistry registry, IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> aggregated) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray([.. NamedGroups(registry, aggregated).Select(g => (JsonNode)Group(g.Group, g.Versions))]),
    };

    /// <summary>The APIGroup document of a named group served here or by an aggregated API, or null.</summary>
    public static JsonObject? Group(ResourceRegistry registry, IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> aggregated, string group) =>
        NamedGroups(registry, aggregated).Where(g => g.Group == group).Select(g => g.Versions).FirstOrDefault() is { } versions
            ? Group(group, versions)
            : null;

    private static IEnumerable<(string Group, IReadOnlyList<string> Versions)> NamedGroups(ResourceRegistry registry, IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> aggregated)
    {
        var local = registry.Groups().Where(g => g.Group.Length > 0).ToList();
        return local.Concat(aggregated.Where(a => local.All(l => l.Group != a.Group)));
    }

    public static JsonObject ResourceList(ResourceRegistry registry, string group, string version)
    {
        var resources = new JsonArray();
        foreach (var type in registry.All.Where(t => t.Group == group && t.Version == version))
        {
            var resource = new JsonObject
            {
                ["name"] = type.Plural,
                ["singularName"] = type.Singular,
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
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

            resources.Add(resource);
            if (type.HasStatus)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = type.Plural + "/status",
                    ["singularName"] = string.Empty,
                    ["namespaced"] = type.Namespaced,
                    ["kind"] = type.Kind,
                    ["verbs"] = new JsonArray("get", "patch", "update"),
                });
            }

            foreach (var subresource in type.Subresources)
            {
                var entry = new JsonObject
                {
                    ["name"] = $"{type.Plural}/{subresource.Name}",
                    ["singularName"] = string.Empty,
                    ["namespaced"] = type.Namespaced,
                    ["kind"] = subresource.Kind,
                    ["verbs"] = new JsonArray([.. subresource.Verbs.Select(v => (JsonNode)v)]),
                };
                if (subresource.GroupVersion != type.GroupVersion)
                {
                    // As kube-apiserver does, a subresource of another group says which.
                    entry["group"] = subresource.Group;
                    entry["version"] = subresource.Version;
                }

                resources.Add(entry);
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    private static JsonObject Group(string group, IReadOnlyList<string> versions) => new()
    {
        ["kind"] = "APIGroup",
        ["apiVersion"] = "v1",
        ["name"] = group,
        ["versions"] = new JsonArray([.. versions.Select(v => (JsonNode)GroupVersion(group, v))]),
        ["preferredVersion"] = GroupVersion(group, versions[0]),
    };

    private static JsonObject GroupVersion(string group, string version) => new() { ["groupVersion"] = $"{group}/{version}", ["version"] = version };
}
