using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Authentication;
using Airwave.Sandbox.Kubernetes.Errors;

namespace Airwave.Sandbox.Kubernetes.Authorization;

/// <summary>
/// authorization.k8s.io/v1 SelfSubjectAccessReview (`kubectl auth can-i`, also with `--as`): may the requester do
/// this? Answered by the same authorizer that guards every request.
/// </summary>
internal sealed class SelfSubjectAccessReviews(RbacAuthorizer authorizer)
{
    public JsonObject Review(UserInfo user, JsonObject review)
    {
        var spec = review["spec"] as JsonObject ?? [];
        var request = (spec["resourceAttributes"], spec["nonResourceAttributes"]) switch
        {
            (JsonObject resource, null) => new RequestAttributes(
                user,
                Text(resource, "verb"),
                true,
                string.Empty,
                Text(resource, "group"),
                Text(resource, "resource"),
                Text(resource, "subresource"),
                Text(resource, "namespace"),
                Text(resource, "name")),
            (null, JsonObject nonResource) => new RequestAttributes(user, Text(nonResource, "verb"), false, Text(nonResource, "path"), string.Empty, string.Empty, string.Empty, string.Empty, string.Empty),
            _ => throw new ApiException(
                422,
                "Invalid",
                "SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified",
                new StatusDetails(null, "authorization.k8s.io", "SelfSubjectAccessReview")),
        };
        var decision = authorizer.Authorize(request);
        var status = new JsonObject { ["allowed"] = decision.Allowed };
        if (decision.Reason.Length > 0)
        {
            status["reason"] = decision.Reason;
        }

        return new JsonObject
        {
            ["kind"] = "SelfSubjectAccessReview",
            ["apiVersion"] = "authorization.k8s.io/v1",
            ["metadata"] = new JsonObject { ["creationTimestamp"] = null },
            ["spec"] = spec.DeepClone(),
            ["status"] = status,
        };
    }

    private static string Text(JsonObject attributes, string field) => (string?)attributes[field] ?? string.Empty;
}
