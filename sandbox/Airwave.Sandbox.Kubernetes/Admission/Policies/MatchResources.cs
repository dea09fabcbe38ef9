using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Selectors;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Admission.Policies;

/// <summary>
/// A policy's matchConstraints or a binding's matchResources: the requests taken in by the resource rules, less
/// those the exclude rules name, whose namespace and object the selectors select. No resource rules take in every
/// resource (a binding narrowing its policy by namespace alone).
/// </summary>
internal sealed record MatchResources(
    IReadOnlyList<ResourceRule> ResourceRules,
    IReadOnlyList<ResourceRule> ExcludeResourceRules,
    LabelSelector NamespaceSelector,
    LabelSelector ObjectSelector)
{
    public static MatchResources From(JsonObject? match) => new(
        Rules(match?["resourceRules"]),
        Rules(match?["excludeResourceRules"]),
        AdmissionSelectors.Selector(match?["namespaceSelector"] as JsonObject),
        AdmissionSelectors.Selector(match?["objectSelector"] as JsonObject));

    public bool Matches(ObjectStore store, AdmissionAttributes request) =>
        (ResourceRules.Count == 0 || ResourceRules.Any(r => r.Matches(request)))
        && !ExcludeResourceRules.Any(r => r.Matches(request))
        && AdmissionSelectors.Match(store, NamespaceSelector, ObjectSelector, request.Type, request.Namespace, request.Object, request.OldObject);

    private static ResourceRule[] Rules(JsonNode? rules) => [.. (rules as JsonArray ?? []).OfType<JsonObject>().Select(ResourceRule.From)];
}
