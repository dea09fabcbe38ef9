using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Kubeconfig;

namespace Airwave.Sandbox.Kubernetes.Authentication;

/// <summary>
/// authentication.k8s.io/v1 TokenReview: who a bearer token stands for, as the API server itself would take it (the
/// sandbox admin's token, or a service account's), or `authenticated: false` with the reason. A review naming
/// `spec.audiences` accepts only a token issued for one of them (the admin's token, which has none, only for the API
/// server's own) and answers which in `status.audiences`.
/// </summary>
internal sealed class TokenReviews(ServiceAccountTokens tokens)
{
    public JsonObject Review(JsonObject review)
    {
        var spec = review["spec"] as JsonObject ?? [];
        var token = (string?)spec["token"] ?? string.Empty;
        var audiences = (spec["audiences"] as JsonArray ?? []).Select(a => (string?)a).OfType<string>().ToList();
        if (audiences.Count == 0)
        {
            audiences = [ServiceAccountTokens.DefaultAudience];
        }

        (UserInfo User, IReadOnlyList<string> Audiences)? reviewed = token.Length == 0 ? null
            : token != KubeconfigDocument.AdminToken ? tokens.Authenticate(token, audiences)
            : audiences.Contains(ServiceAccountTokens.DefaultAudience) ? (UserInfo.SandboxAdmin, [ServiceAccountTokens.DefaultAudience])
            : null;
        var status = reviewed is { } found
            ? new JsonObject
            {
                ["authenticated"] = true,
                ["user"] = new JsonObject { ["username"] = found.User.Name, ["groups"] = new JsonArray([.. found.User.Groups.Select(g => (JsonNode)g)]) },
                ["audiences"] = new JsonArray([.. found.Audiences.Select(a => (JsonNode)a)]),
            }
            : new JsonObject { ["authenticated"] = false, ["error"] = token.Length == 0 ? "no token given" : "invalid bearer token" };
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
