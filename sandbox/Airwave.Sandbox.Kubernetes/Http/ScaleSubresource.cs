using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Patching;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Rest;
using Airwave.Sandbox.Kubernetes.Storage;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Kubernetes.Http;

/// <summary>
/// The `scale` subresource of Deployments, ReplicaSets, StatefulSets and ReplicationControllers (autoscaling/v1 Scale), what `kubectl scale` reads and
/// patches: spec.replicas, and status.replicas with the label selector.
/// </summary>
internal static class ScaleSubresource
{
    public static async Task HandleAsync(HttpContext http, ResourceService service, ResourceType type, string ns, string name)
    {
        var request = http.Request;
        StoredObject result;
        switch (request.Method)
        {
            case "GET":
                result = service.Get(type, ns, name);
                break;
            case "PATCH" or "PUT":
                using (var reader = new StreamReader(request.Body))
                {
                    var body = await reader.ReadToEndAsync(http.RequestAborted);
                    var contentType = (request.ContentType ?? string.Empty).Split(';')[0].Trim();
                    var replicas = RequestedReplicas(request.Method, contentType, body);
                    var patch = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } };
                    result = service.Patch(type, ns, name, null, PatchContentTypes.MergePatch, patch.ToJsonString(), RequestOptions.Write(request)).Object;
                }

                break;
            default:
                throw ApiErrors.MethodNotSupported(type, request.Method);
        }

        await JsonResponses.WriteAsync(http, 200, Scale(result.ToJson()));
    }

    private static int RequestedReplicas(string method, string contentType, string body)
    {
        var node = JsonNode.Parse(body);
        JsonNode? replicas = method == "PATCH" && contentType == PatchContentTypes.JsonPatch
            ? (node as JsonArray ?? []).OfType<JsonObject>().LastOrDefault(op => (string?)op["path"] == "/spec/replicas")?["value"]
            : node?["spec"]?["replicas"];
        return replicas is JsonValue value && value.TryGetValue<int>(out var count) && count >= 0
            ? count
            : throw ApiErrors.BadRequest("the scale request must set spec.replicas to a number of at least 0");
    }

    private static JsonObject Scale(JsonObject obj)
    {
        // A ReplicationController's selector is the labels themselves; the apps kinds' a LabelSelector.
        var selector = obj["spec"]?["selector"] as JsonObject ?? [];
        var matchLabels = (string?)obj["kind"] == "ReplicationController" ? selector : selector["matchLabels"] as JsonObject ?? [];
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = obj["metadata"]?["name"]?.DeepClone(),
                ["namespace"] = obj["metadata"]?["namespace"]?.DeepClone(),
                ["uid"] = obj["metadata"]?["uid"]?.DeepClone(),
                ["resourceVersion"] = obj["metadata"]?["resourceVersion"]?.DeepClone(),
                ["creationTimestamp"] = obj["metadata"]?["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = (int?)obj["spec"]?["replicas"] ?? 1 },
            ["status"] = new JsonObject
            {
                ["replicas"] = (int?)obj["status"]?["replicas"] ?? 0,
                ["selector"] = string.Join(",", matchLabels.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Key}={l.Value}"))),
            },
        };
    }
}
