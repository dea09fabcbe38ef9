using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Admission.Policies;

/// <summary>A ValidatingAdmissionPolicyBinding: which policy applies, to what, and whether a violation denies or warns.</summary>
internal sealed record PolicyBinding(string Name, string PolicyName, bool Denies, bool Warns, MatchResources? MatchResources)
{
    public static PolicyBinding From(JsonObject binding)
    {
        var spec = binding["spec"] as JsonObject ?? [];
        var actions = (spec["validationActions"] as JsonArray ?? []).Select(a => (string?)a).ToList();
        return new PolicyBinding(
            (string?)binding["metadata"]?["name"] ?? "",
            (string?)spec["policyName"] ?? "",
            actions.Contains("Deny"),
            actions.Contains("Warn"),
            spec["matchResources"] is JsonObject match ? MatchResources.From(match) : null);
    }
}
