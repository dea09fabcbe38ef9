using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Rest;
using Airwave.Sandbox.Kubernetes.Workloads;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Kubernetes.Http;

/// <summary>
/// pods/{name}/eviction (policy/v1 Eviction), what `kubectl drain` sends: the pod is deleted as its
/// <c>deleteOptions</c> say, unless that breaks a PodDisruptionBudget, which is refused with 429 as kube-apiserver
/// refuses it (kubectl drain retries until the budget allows it).
/// </summary>
internal static class PodEviction
{
    public static async Task HandleAsync(HttpContext http, ResourceService service, string ns, string name, JsonObject eviction)
    {
        if ((string?)eviction["kind"] is { } kind && kind != "Eviction")
        {
            throw ApiErrors.BadRequest($"the body of an eviction must be an Eviction, not a {kind}");
        }

        if ((string?)eviction["metadata"]?["name"] is { Length: > 0 } named && named != name)
        {
            throw ApiErrors.BadRequest("name in URL does not match name in Eviction object");
        }

        var pod = service.Get(BuiltInResources.Pods, ns, name);
        if (DisruptionBudgets.Broken(service.Store, pod) is { } broken)
        {
            throw new ApiException(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.", new StatusDetails(null, null, null, [
                new StatusCause("DisruptionBudget", $"The disruption budget {broken.Budget} needs {broken.Needed} healthy pods and has {broken.Healthy} currently", ""),
            ]));
        }

        service.Delete(BuiltInResources.Pods, ns, name, RequestOptions.Delete(http.Request, eviction["deleteOptions"] as JsonObject));
        await JsonResponses.WriteAsync(http, 201, new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["code"] = 201,
        });
    }
}
