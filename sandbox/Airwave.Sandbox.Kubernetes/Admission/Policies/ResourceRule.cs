using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Admission.Policies;

/// <summary>A policy's NamedRuleWithOperations: a webhook's rule, optionally limited to objects of some names.</summary>
internal sealed record ResourceRule(WebhookRule Rule, IReadOnlyList<string> ResourceNames)
{
    public static ResourceRule From(JsonObject rule) =>
        new(WebhookRule.From(rule), [.. (rule["resourceNames"] as JsonArray ?? []).Select(n => (string?)n ?? "")]);

    public bool Matches(AdmissionAttributes request) =>
        Rule.Matches(request.Operation, request.Type, request.Subresource)
        && (ResourceNames.Count == 0 || ResourceNames.Contains(request.Name, StringComparer.Ordinal));
}
