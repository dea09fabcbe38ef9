using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Authentication;
using Airwave.Sandbox.Kubernetes.Errors;

namespace Airwave.Sandbox.Kubernetes.Authorization;

/// <summary>
/// authorization.k8s.io/v1 access reviews, answered by the same authorizer that guards every request:
/// SelfSubjectAccessReview (`kubectl auth can-i`, also with `--as`: may the requester do this?) and
/// SubjectAccessReview (may the user and groups the review names do this? what a service does for its own callers).
/// </summary>
internal sealed class AccessReviews(RbacAuthorizer authorizer)
{
    public JsonObject ReviewSelf(UserInfo user, JsonObject review) => Answer("SelfSubjectAccessReview", user, review);

    public JsonObject Review(JsonObject review)
    {
        var spec = review["spec"] as JsonObject ?? [];
        if ((string?)spec["user"] is not { Length: > 0 } name)
        {
            throw Invalid("SubjectAccessReview", "spec.user: Required value: at least one of user or group must be specified");
        }

        var groups = (spec["groups"] as JsonArray ?? []).Select(g => (string?)g).OfType<string>().ToList();
        return Answer("SubjectAccessReview", new UserInfo(name, groups), review);
    }

    private JsonObject Answer(string kind, UserInfo user, JsonObject review)
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
            _ => throw Invalid(kind, "spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified"),
        };
        var decision = authorizer.Authorize(request);
        var status = new JsonObject { ["allowed"] = decision.Allowed };
        if (decision.Reason.Length > 0)
        {
            status["reason"] = decision.Reason;
        }

        return new JsonObject
        {
            ["kind"] = kind,
            ["apiVersion"] = "authorization.k8s.io/v1",
            ["metadata"] = new JsonObject { ["creationTimestamp"] = null },
            ["spec"] = spec.DeepClone(),
            ["status"] = status,
        };
    }

    private static ApiException Invalid(string kind, string message) =>
        new(422, "Invalid", $"{kind}.authorization.k8s.io \"\" is invalid: {message}", new StatusDetails(null, "authorization.k8s.io", kind));

    private static string Text(JsonObject attributes, string field) => (string?)attributes[field] ?? string.Empty;
}
