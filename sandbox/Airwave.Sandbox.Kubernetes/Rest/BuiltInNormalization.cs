using System.Text;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Resources;

namespace Airwave.Sandbox.Kubernetes.Rest;

/// <summary>What the apiserver's strategies for built-in kinds do to every written object before it is stored.</summary>
internal static class BuiltInNormalization
{
    public static void Apply(ResourceType type, JsonObject obj)
    {
        if (type.Group.Length == 0 && type.Kind == "Secret")
        {
            NormalizeSecret(obj);
        }
    }

    /// <summary>What the apiserver's strategies add to a new object once it has its uid.</summary>
    public static void PrepareForCreate(ResourceType type, JsonObject obj)
    {
        if (type.Group == "batch" && type.Kind == "Job")
        {
            SelectJobPods(obj);
        }
    }

    /// <summary>
    /// A Job without manualSelector selects its pods by its uid: the selector and the template's labels are
    /// generated, so `kubectl logs job/NAME` and `kubectl describe job` find its pods.
    /// </summary>
    private static void SelectJobPods(JsonObject job)
    {
        if (job["spec"] is not JsonObject spec || (bool?)spec["manualSelector"] == true)
        {
            return;
        }

        var uid = (string?)job["metadata"]?["uid"] ?? string.Empty;
        var name = (string?)job["metadata"]?["name"] ?? string.Empty;
        spec["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["batch.kubernetes.io/controller-uid"] = uid } };
        var template = spec["template"] as JsonObject ?? [];
        spec["template"] = template;
        var metadata = template["metadata"] as JsonObject ?? [];
        template["metadata"] = metadata;
        var labels = metadata["labels"] as JsonObject ?? [];
        metadata["labels"] = labels;
        labels["batch.kubernetes.io/controller-uid"] = uid;
        labels["batch.kubernetes.io/job-name"] = name;
        labels["controller-uid"] = uid;
        labels["job-name"] = name;
    }

    /// <summary>A Secret's type defaults to Opaque; stringData is write-only and lands base64-encoded in data.</summary>
    private static void NormalizeSecret(JsonObject secret)
    {
        if (string.IsNullOrEmpty((string?)secret["type"]))
        {
            secret["type"] = "Opaque";
        }

        if (secret["data"] is JsonObject data)
        {
            foreach (var (key, value) in data)
            {
                if (value is not JsonValue text || text.GetValueKind() != System.Text.Json.JsonValueKind.String || !IsBase64((string)text!))
                {
                    throw ApiErrors.BadRequest($"Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data for key \"{key}\"");
                }
            }
        }

        if (secret["stringData"] is JsonObject stringData)
        {
            var merged = secret["data"] as JsonObject ?? [];
            foreach (var (key, value) in stringData)
            {
                merged[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes((string?)value ?? string.Empty));
            }

            secret["data"] = merged;
            secret.Remove("stringData");
        }
    }

    private static bool IsBase64(string text) => text.Length % 4 == 0 && Convert.TryFromBase64String(text, new byte[text.Length], out _);
}
