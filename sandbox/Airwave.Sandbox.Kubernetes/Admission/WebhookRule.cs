using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Resources;

namespace Airwave.Sandbox.Kubernetes.Admission;

/// <summary>Which requests a webhook is called for: operations on resources of groups and versions, in a scope.</summary>
internal sealed record WebhookRule(IReadOnlyList<string> Operations, IReadOnlyList<string> ApiGroups, IReadOnlyList<string> ApiVersions, IReadOnlyList<string> Resources, string Scope)
{
    public static WebhookRule From(JsonObject rule) => new(
        Strings(rule["operations"]),
        Strings(rule["apiGroups"]),
        Strings(rule["apiVersions"]),
        Strings(rule["resources"]),
        (string?)rule["scope"] ?? "*");

    /// <param name="subresource">Null for the resource itself; a rule names a subresource as "livestreams/status".</param>
    public bool Matches(string operation, ResourceType type, string? subresource)
    {
        var resource = subresource is null ? type.Plural : $"{type.Plural}/{subresource}";
        return Any(Operations, operation)
            && Any(ApiGroups, type.Group)
            && Any(ApiVersions, type.Version)
            && Resources.Any(r => r == "*/*" || r == resource || (subresource is null && r == "*") || (subresource is not null && r == $"*/{subresource}") || (r == $"{type.Plural}/*" && subresource is not null))
            && (Scope == "*" || Scope == (type.Namespaced ? "Namespaced" : "Cluster"));
    }

    private static bool Any(IReadOnlyList<string> allowed, string value) => allowed.Contains("*") || allowed.Contains(value);

    private static string[] Strings(JsonNode? node) => [.. (node as JsonArray ?? []).Select(n => (string?)n ?? "")];
}
