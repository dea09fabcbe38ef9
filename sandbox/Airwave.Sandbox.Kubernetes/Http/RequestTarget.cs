using Airwave.Sandbox.Kubernetes.Resources;

namespace Airwave.Sandbox.Kubernetes.Http;

/// <summary>What a request under /api or /apis addresses: a group/version, and maybe a resource, namespace, name and subresource.</summary>
internal sealed record RequestTarget(string Group, string Version, string? Resource, string? Namespace, string? Name, string? Subresource)
{
    public bool IsDiscovery => Resource is null;

    /// <summary>
    /// Splits /api/v1/... and /apis/group/version/... paths the way the apiserver's request info resolver does:
    /// "namespaces/{ns}/{resource}" is namespaced when {resource} is a namespaced resource of the group/version.
    /// </summary>
    public static RequestTarget? Parse(string path, ResourceRegistry registry)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group;
        string version;
        int rest;
        if (segments is ["api", var coreVersion, ..])
        {
            (group, version, rest) = (string.Empty, coreVersion, 2);
        }
        else if (segments is ["apis", var apiGroup, var groupVersion, ..])
        {
            (group, version, rest) = (apiGroup, groupVersion, 3);
        }
        else
        {
            return null;
        }

        var parts = segments[rest..];
        if (parts is ["namespaces", var ns, var resource, ..] && registry.Find(group, version, resource) is { Namespaced: true })
        {
            return parts.Length <= 5 ? new RequestTarget(group, version, resource, ns, parts.ElementAtOrDefault(3), parts.ElementAtOrDefault(4)) : null;
        }

        return parts.Length switch
        {
            0 => new RequestTarget(group, version, null, null, null, null),
            <= 3 => new RequestTarget(group, version, parts[0], null, parts.ElementAtOrDefault(1), parts.ElementAtOrDefault(2)),
            _ => null,
        };
    }

    /// <summary>The Kubernetes verb of an HTTP method on this target.</summary>
    public string Verb(string method, bool watch) => (method, Name) switch
    {
        ("GET", null) => watch ? "watch" : "list",
        ("GET", _) => watch ? "watch" : "get",
        ("POST", _) => "create",
        ("PUT", _) => "update",
        ("PATCH", _) => "patch",
        ("DELETE", null) => "deletecollection",
        ("DELETE", _) => "delete",
        _ => method.ToLowerInvariant(),
    };
}
