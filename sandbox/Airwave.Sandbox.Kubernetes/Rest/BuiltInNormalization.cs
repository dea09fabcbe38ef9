using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Pods;
using Airwave.Sandbox.Kubernetes.Resources;

namespace Airwave.Sandbox.Kubernetes.Rest;

/// <summary>What the apiserver's strategies for built-in kinds do to every written object before it is stored.</summary>
internal static class BuiltInNormalization
{
    /// <summary>Where a pod's service-account token, CA and namespace are mounted.</summary>
    public const string ServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    public static void Apply(ResourceType type, JsonObject obj)
    {
        if (type.Group.Length == 0 && type.Kind == "Secret")
        {
            NormalizeSecret(obj);
        }
        else if (type.Group.Length == 0 && type.Kind == "Namespace")
        {
            LabelNamespace(obj);
        }
    }

    /// <summary>
    /// Every namespace carries its own name as the label kubernetes.io/metadata.name (set on every write, whatever
    /// the client sent), so selectors such as a webhook's namespaceSelector can name namespaces.
    /// </summary>
    private static void LabelNamespace(JsonObject obj)
    {
        var metadata = obj["metadata"] as JsonObject ?? [];
        obj["metadata"] = metadata;
        var labels = metadata["labels"] as JsonObject ?? [];
        metadata["labels"] = labels;
        labels["kubernetes.io/metadata.name"] = (string?)metadata["name"];
    }

    /// <summary>What the apiserver's strategies add to a new object once it has its uid.</summary>
    public static void PrepareForCreate(ResourceType type, JsonObject obj)
    {
        if (type.Group == "batch" && type.Kind == "Job")
        {
            SelectJobPods(obj);
        }
        else if (type.Group.Length == 0 && type.Kind == "Pod")
        {
            MountServiceAccountToken(obj);
        }
    }

    /// <summary>
    /// The ServiceAccount admission plugin: a pod runs as spec.serviceAccountName ("default" unless named) and,
    /// unless spec.automountServiceAccountToken is false, gets a projected kube-api-access volume (the account's
    /// token, the cluster's CA and the namespace) mounted where in-cluster clients look in every container.
    /// </summary>
    private static void MountServiceAccountToken(JsonObject pod)
    {
        if (pod["spec"] is not JsonObject spec)
        {
            return;
        }

        var account = (string?)spec["serviceAccountName"] is { Length: > 0 } named ? named : (string?)spec["serviceAccount"] is { Length: > 0 } legacy ? legacy : "default";
        spec["serviceAccountName"] = account;
        spec["serviceAccount"] = account;
        var containers = PodContainers.All(pod);
        var mounted = containers.Any(c => (c["volumeMounts"] as JsonArray ?? []).Any(m => (string?)m?["mountPath"] == ServiceAccountDirectory));
        if ((bool?)spec["automountServiceAccountToken"] == false || mounted)
        {
            return;
        }

        var volume = "kube-api-access-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))[..5];
        var volumes = spec["volumes"] as JsonArray ?? [];
        spec["volumes"] = volumes;
        volumes.Add(new JsonObject
        {
            ["name"] = volume,
            ["projected"] = new JsonObject
            {
                ["defaultMode"] = 420,
                ["sources"] = new JsonArray(
                    new JsonObject { ["serviceAccountToken"] = new JsonObject { ["expirationSeconds"] = 3607, ["path"] = "token" } },
                    new JsonObject { ["configMap"] = new JsonObject { ["name"] = "kube-root-ca.crt", ["items"] = new JsonArray(new JsonObject { ["key"] = "ca.crt", ["path"] = "ca.crt" }) } },
                    new JsonObject
                    {
                        ["downwardAPI"] = new JsonObject
                        {
                            ["items"] = new JsonArray(new JsonObject { ["path"] = "namespace", ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = "metadata.namespace" } }),
                        },
                    }),
            },
        });
        foreach (var container in containers)
        {
            var mounts = container["volumeMounts"] as JsonArray ?? [];
            container["volumeMounts"] = mounts;
            mounts.Add(new JsonObject { ["name"] = volume, ["readOnly"] = true, ["mountPath"] = ServiceAccountDirectory });
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
