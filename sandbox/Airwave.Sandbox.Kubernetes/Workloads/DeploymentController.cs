using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Rest;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Workloads;

/// <summary>
/// kube-controller-manager's Deployment controller: one ReplicaSet per pod template (named by the template's
/// hash, which labels its pods `pod-template-hash`), scaled to `replicas`; after a template change the new
/// ReplicaSet comes up in full and the old ones are scaled to zero once its pods are available. Status says
/// what `kubectl rollout status` waits for.
/// </summary>
internal sealed class DeploymentController(ResourceService service, TimeProvider time)
    : WorkloadController(service, BuiltInResources.Deployments.StorageKey, time)
{
    private const string HashLabel = "pod-template-hash";
    private const string RevisionAnnotation = "deployment.kubernetes.io/revision";

    protected override void ReconcileOne(StoredObject deployment)
    {
        var obj = deployment.ToJson();
        var spec = obj["spec"] as JsonObject ?? [];
        var desired = (int?)spec["replicas"] ?? 1;
        var template = spec["template"] as JsonObject ?? [];
        var hash = TemplateHash(template);
        var owned = Service.Store.Dependents(deployment.Uid).Where(r => r.Storage == BuiltInResources.ReplicaSets.StorageKey && !r.IsDeleting).ToList();
        var current = owned.FirstOrDefault(r => (string?)r.ToJson()["metadata"]?["labels"]?[HashLabel] == hash);
        var revision = owned.Select(r => int.TryParse((string?)r.ToJson()["metadata"]?["annotations"]?[RevisionAnnotation], CultureInfo.InvariantCulture, out var n) ? n : 0).DefaultIfEmpty(0).Max();
        if (current is null)
        {
            current = Service.Create(BuiltInResources.ReplicaSets, deployment.Key.Namespace, ReplicaSetFor(deployment, spec, template, hash, desired, revision + 1), WriteOptions.Default).Object;
        }
        else
        {
            Scale(current, desired);
        }

        var currentStatus = current.ToJson()["status"] as JsonObject ?? [];
        var rolledOut = (int?)currentStatus["availableReplicas"] >= desired && (long?)currentStatus["observedGeneration"] >= (long?)current.ToJson()["metadata"]?["generation"];
        var old = owned.Where(r => r.Uid != current.Uid).ToList();
        if (rolledOut)
        {
            foreach (var replicaSet in old)
            {
                Scale(replicaSet, 0);
            }
        }

        WriteStatus(deployment, obj, desired, current, old);
    }

    private void Scale(StoredObject replicaSet, int replicas) => Service.Mutate(replicaSet, rs =>
    {
        if ((int?)rs["spec"]?["replicas"] == replicas)
        {
            return false;
        }

        rs["spec"]!["replicas"] = replicas;
        return true;
    });

    private void WriteStatus(StoredObject deployment, JsonObject obj, int desired, StoredObject current, List<StoredObject> old)
    {
        JsonObject StatusOf(StoredObject rs) => Service.Store.Get(rs.Storage, rs.Key)?.ToJson()["status"] as JsonObject ?? [];
        var all = old.Append(current).Select(StatusOf).ToList();
        var updated = (int?)StatusOf(current)["replicas"] ?? 0;
        var available = all.Sum(s => (int?)s["availableReplicas"] ?? 0);
        var total = all.Sum(s => (int?)s["replicas"] ?? 0);
        var complete = updated == desired && total == desired && (int?)StatusOf(current)["availableReplicas"] == desired;
        var now = KubernetesTimeConverter.ToText(Time.GetUtcNow());
        var status = new JsonObject
        {
            ["observedGeneration"] = (long?)obj["metadata"]?["generation"] ?? 1,
            ["replicas"] = total,
            ["updatedReplicas"] = updated,
            ["readyReplicas"] = all.Sum(s => (int?)s["readyReplicas"] ?? 0),
            ["availableReplicas"] = available,
            ["unavailableReplicas"] = Math.Max(0, total - available),
            ["conditions"] = new JsonArray(
                Condition("Available", available >= desired, available >= desired ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable", available >= desired ? "Deployment has minimum availability." : "Deployment does not have minimum availability.", now),
                Condition("Progressing", true, complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated", $"ReplicaSet \"{current.Key.Name}\" {(complete ? "has successfully progressed" : "is progressing")}.", now)),
        };
        StatusWrites.Write(Service, deployment, status);
    }

    private static JsonObject ReplicaSetFor(StoredObject deployment, JsonObject spec, JsonObject template, string hash, int replicas, int revision)
    {
        var podTemplate = (JsonObject)template.DeepClone();
        var podMetadata = podTemplate["metadata"] as JsonObject ?? [];
        podTemplate["metadata"] = podMetadata;
        var labels = podMetadata["labels"] as JsonObject ?? [];
        podMetadata["labels"] = labels;
        labels[HashLabel] = hash;
        var selector = spec["selector"]?.DeepClone() as JsonObject ?? [];
        var matchLabels = selector["matchLabels"] as JsonObject ?? [];
        selector["matchLabels"] = matchLabels;
        matchLabels[HashLabel] = hash;
        return new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{deployment.Key.Name}-{hash}",
                ["labels"] = labels.DeepClone(),
                ["annotations"] = new JsonObject { [RevisionAnnotation] = revision.ToString(CultureInfo.InvariantCulture) },
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "apps/v1",
                    ["kind"] = "Deployment",
                    ["name"] = deployment.Key.Name,
                    ["uid"] = deployment.Uid,
                    ["controller"] = true,
                    ["blockOwnerDeletion"] = true,
                }),
            },
            ["spec"] = new JsonObject { ["replicas"] = replicas, ["selector"] = selector, ["template"] = podTemplate },
        };
    }

    /// <summary>A short, stable name for a pod template, in the alphabet Kubernetes uses for such suffixes.</summary>
    private static string TemplateHash(JsonObject template)
    {
        const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(template.ToJsonString()));
        var value = BitConverter.ToUInt64(digest, 0);
        var hash = new StringBuilder();
        for (var i = 0; i < 10; i++)
        {
            hash.Append(Alphabet[(int)(value % (ulong)Alphabet.Length)]);
            value /= (ulong)Alphabet.Length;
        }

        return hash.ToString();
    }

    private static JsonObject Condition(string type, bool status, string reason, string message, string now) => new()
    {
        ["type"] = type,
        ["status"] = status ? "True" : "False",
        ["lastUpdateTime"] = now,
        ["lastTransitionTime"] = now,
        ["reason"] = reason,
        ["message"] = message,
    };
}
