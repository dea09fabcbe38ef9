using Airwave.Sandbox.Kubernetes.Authentication;
using Airwave.Sandbox.Kubernetes.Http;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Kubernetes.Authorization;

/// <summary>
/// What a request asks to do, as the authorizer sees it: a verb on a resource (group, resource, subresource,
/// namespace, name) or on a non-resource path. Resource is the plural, unresolved: authorization happens before
/// the server knows whether the resource exists.
/// </summary>
internal sealed record RequestAttributes(UserInfo User, string Verb, bool IsResourceRequest, string Path, string ApiGroup, string Resource, string Subresource, string Namespace, string Name)
{
    private static readonly string[] NamespaceSubresources = ["status", "finalize"];

    /// <summary>"livestreams" or "livestreams/status": the form policy rules name resources in.</summary>
    public string CombinedResource { get; } = Subresource.Length == 0 ? Resource : $"{Resource}/{Subresource}";

    public static RequestAttributes ForResource(UserInfo user, string verb, string apiGroup, string resource, string @namespace, string name) =>
        new(user, verb, true, string.Empty, apiGroup, resource, string.Empty, @namespace, name);

    /// <summary>Reads a request the way the apiserver's RequestInfoResolver does.</summary>
    public static RequestAttributes From(UserInfo user, HttpRequest request)
    {
        var path = request.Path.Value ?? "/";
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var nonResource = new RequestAttributes(user, request.Method.ToLowerInvariant(), false, path, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty);
        if (parts.Length < 3 || parts[0] is not ("api" or "apis") || (parts[0] == "apis" && parts.Length < 4))
        {
            return nonResource;
        }

        var group = parts[0] == "apis" ? parts[1] : string.Empty;
        var rest = parts.AsSpan(parts[0] == "apis" ? 3 : 2);
        var verb = request.Method switch
        {
            "POST" => "create",
            "GET" or "HEAD" => "get",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => "delete",
            _ => request.Method.ToLowerInvariant(),
        };
        if (rest is ["watch", _, ..])
        {
            verb = "watch";
            rest = rest[1..];
        }

        var ns = string.Empty;
        if (rest is ["namespaces", var named, ..])
        {
            ns = named;
            if (rest.Length > 2 && !NamespaceSubresources.Contains(rest[2]))
            {
                rest = rest[2..];
            }
        }

        var resource = rest[0];
        var name = rest.Length >= 2 ? rest[1] : string.Empty;
        var subresource = rest.Length >= 3 ? rest[2] : string.Empty;
        if (name.Length == 0 && verb == "get")
        {
            verb = RequestOptions.IsTrue(request.Query["watch"]) ? "watch" : "list";
            name = ExactName(request.Query["fieldSelector"].ToString());
        }
        else if (name.Length == 0 && verb == "delete")
        {
            verb = "deletecollection";
        }
        else if (verb == "get" && group.Length == 0 && resource == "pods" && subresource is "exec" or "attach" or "portforward")
        {
            // A WebSocket upgrade arrives as GET; kube-apiserver authorizes these streams as create, as it does a POST.
            verb = "create";
        }

        return new RequestAttributes(user, verb, true, path, group, resource, subresource, ns, name);
    }

    /// <summary>The name a field selector pins (metadata.name=x): lists and watches of one object are authorized for that name.</summary>
    private static string ExactName(string fieldSelector)
    {
        foreach (var term in fieldSelector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = term.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && term[..equals] == "metadata.name" && term[equals - 1] != '!')
            {
                return term[(equals + 1)..].TrimStart('=');
            }
        }

        return string.Empty;
    }
}
