using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Authorization;

/// <summary>One rule of a Role or ClusterRole, matched as the RBAC authorizer matches it (`*` wildcards, `*/subresource`, `/path/*`).</summary>
internal sealed record PolicyRule(string[] Verbs, string[] ApiGroups, string[] Resources, string[] ResourceNames, string[] NonResourceUrls)
{
    private const string All = "*";

    public static PolicyRule Parse(JsonNode? rule) =>
        new(Strings(rule?["verbs"]), Strings(rule?["apiGroups"]), Strings(rule?["resources"]), Strings(rule?["resourceNames"]), Strings(rule?["nonResourceURLs"]));

    public bool Allows(RequestAttributes request) =>
        request.IsResourceRequest
            ? Matches(Verbs, request.Verb) && Matches(ApiGroups, request.ApiGroup) && ResourceMatches(request) && (ResourceNames.Length == 0 || ResourceNames.Contains(request.Name, StringComparer.Ordinal))
            : Matches(Verbs, request.Verb) && UrlMatches(request.Path);

    private bool ResourceMatches(RequestAttributes request)
    {
        foreach (var resource in Resources)
        {
            if (resource == All || resource == request.CombinedResource
                || (request.Subresource.Length > 0 && resource.Length == request.Subresource.Length + 2 && resource.StartsWith("*/", StringComparison.Ordinal) && resource.EndsWith(request.Subresource, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    private bool UrlMatches(string path)
    {
        foreach (var url in NonResourceUrls)
        {
            if (url == All || url == path || (url.EndsWith('*') && path.StartsWith(url[..^1], StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Matches(string[] allowed, string requested) => allowed.Contains(All, StringComparer.Ordinal) || allowed.Contains(requested, StringComparer.Ordinal);

    private static string[] Strings(JsonNode? node) => node is JsonArray list ? [.. list.Select(n => (string?)n).OfType<string>()] : [];
}
