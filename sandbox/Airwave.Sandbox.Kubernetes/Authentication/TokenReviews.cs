using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Kubeconfig;

namespace Airwave.Sandbox.Kubernetes.Authentication;

/// <summary>
/// authentication.k8s.io/v1 TokenReview: who a bearer token stands for, as the API server itself would take it (the
/// sandbox admin's token, or a service account's), or `authenticated: false` with the reason.
/// </summary>
internal sealed class TokenReviews(ServiceAccountTokens tokens)
{
    public JsonObject Review(JsonObject review)
    {
        var spec = review["spec"] as JsonObject ?? [];
        var token = (string?)spec["token"] ?? string.Empty;
        var user = token.Length == 0 ? null : token == KubeconfigDocument.AdminToken ? UserInfo.SandboxAdmin : tokens.Authenticate(token);
        var status = user is null
            ? new JsonObject { ["authenticated"] = false, ["error"] = token.Length == 0 ? "no token given" : "invalid bearer token" }
            : new JsonObject
            {
                ["authenticated"] = true,
                ["user"] = new JsonObject { ["username"] = user.Name, ["groups"] = new JsonArray([.. user.Groups.Select(g => (JsonNode)g)]) },
            };
        return new JsonObject
        {
            ["kind"] = "TokenReview",
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["metadata"] = new JsonObject { ["creationTimestamp"] = null },
            ["spec"] = spec.DeepClone(),
            ["status"] = status,
        };
    }
}
