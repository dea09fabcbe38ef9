using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Resources;

namespace Airwave.Sandbox.Kubernetes.Authentication;

/// <summary>
/// The serviceaccounts/token subresource (`kubectl create token`): an authentication.k8s.io/v1 TokenRequest in,
/// the same TokenRequest with status.token and status.expirationTimestamp out.
/// </summary>
internal sealed class TokenRequests(ServiceAccountTokens tokens)
{
    private const long DefaultExpirationSeconds = 3600;
    private const long MinimumExpirationSeconds = 600;
    private const long MaximumExpirationSeconds = 1L << 32;

    public JsonObject Create(string @namespace, string serviceAccount, JsonObject? request)
    {
        var spec = request?["spec"] as JsonObject ?? [];
        var expirationSeconds = (long?)spec["expirationSeconds"] ?? DefaultExpirationSeconds;
        var problem = expirationSeconds switch
        {
            < MinimumExpirationSeconds => "may not specify a duration less than 10 minutes",
            > MaximumExpirationSeconds => "may not specify a duration larger than 2^32 seconds",
            _ => null,
        };
        if (problem is not null)
        {
            throw new ApiException(
                422,
                "Invalid",
                $"TokenRequest.authentication.k8s.io \"{serviceAccount}\" is invalid: spec.expirationSeconds: Invalid value: {expirationSeconds}: {problem}",
                new StatusDetails(serviceAccount, "authentication.k8s.io", "TokenRequest", [new StatusCause("FieldValueInvalid", $"Invalid value: {expirationSeconds}: {problem}", "spec.expirationSeconds")]));
        }

        IReadOnlyList<string> audiences = spec["audiences"] is JsonArray { Count: > 0 } requested
            ? [.. requested.Select(a => (string?)a).OfType<string>()]
            : [ServiceAccountTokens.DefaultAudience];
        var (token, expires) = tokens.Issue(@namespace, serviceAccount, audiences, TimeSpan.FromSeconds(expirationSeconds))
            ?? throw ApiErrors.NotFound(BuiltInResources.ServiceAccounts, serviceAccount);
        return new JsonObject
        {
            ["kind"] = "TokenRequest",
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["metadata"] = new JsonObject { ["name"] = serviceAccount, ["namespace"] = @namespace, ["creationTimestamp"] = null },
            ["spec"] = new JsonObject
            {
                ["audiences"] = new JsonArray([.. audiences.Select(a => (JsonNode)a)]),
                ["expirationSeconds"] = expirationSeconds,
                ["boundObjectRef"] = spec["boundObjectRef"]?.DeepClone(),
            },
            ["status"] = new JsonObject { ["token"] = token, ["expirationTimestamp"] = KubernetesTimeConverter.ToText(expires) },
        };
    }
}
