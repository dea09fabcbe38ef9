using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Rest;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Workloads;

/// <summary>
/// kube-controller-manager's Deployment controller: one ReplicaSet per pod template (named by the template's
/// hash, which labels its pods `pod-template-hash`), scaled to `replicas`. A template change rolls out as its
/// strategy says: RollingUpdate brings the new ReplicaSet up and the old ones down in steps that keep at most
/// maxSurge pods above `replicas` and at most maxUnavailable below it available; Recreate scales the old ones to
/// zero and starts the new one once their pods have ended. Returning to an earlier template reuses its ReplicaSet
/// under a new revision. Status says what `kubectl rollout status` waits for.
/// </summary>
internal sealed class DeploymentController(ResourceService service, TimeProvider time)
    : WorkloadController(service, BuiltInResources.Deployments.StorageKey, time)
{
    private const string HashLabel = "pod-template-hash";
    private const string RevisionAnnotation = "deployment.kubernetes.io/revision";

    /// <summary>Whether a pod of the old ReplicaSets has not ended yet, being deleted or not (kube-controller-manager's oldPodsRunning).</summary>
    private bool OldPodsRunning(IEnumerable<StoredObject> old) =>
        old.Any(r => Service.Store.Dependents(r.Uid).Any(p => p.Storage == BuiltInResources.Pods.StorageKey && new OwnedPod(p).IsActive));

    protected override void ReconcileOne(StoredObject deployment)
    {
        var obj = deployment.ToJson();
        var spec = obj["spec"] as JsonObject ?? [];
        var desired = (int?)spec["replicas"] ?? 1;
        var template = spec["template"] as JsonObject ?? [];
        var hash = PodTemplates.Hash(template);
        var owned = Service.Store.Dependents(deployment.Uid).Where(r => r.Storage == BuiltInResources.ReplicaSets.StorageKey && !r.IsDeleting).OrderBy(Revision).ToList();
        var current = owned.FirstOrDefault(r => (string?)r.ToJson()["metadata"]?["labels"]?[HashLabel] == hash);
        var old = owned.Where(r => r.Uid != current?.Uid).ToList();
        var latest = owned.Select(Revision).DefaultIfEmpty(0).Max();
        var rollout = new Rollout(this, old);
        var strategy = spec["strategy"] as JsonObject ?? [];
        if ((string?)strategy["type"] == "Recreate")
        {
            rollout.ScaleOld(_ => 0);
            if (old.Any(r => (int?)Status(r)["replicas"] > 0) || OldPodsRunning(old))
            {
                // The old pods go first, Terminating ones included; the next change or sweep brings us back.
                WriteStatus(deployment, obj, desired, current, old);
                return;
            }

            current = current is null ? Create(deployment, spec, template, hash, desired, latest + 1) : ScaleTo(current, desired);
        }
        else
        {
            var (maxSurge, maxUnavailable) = Limits(strategy["rollingUpdate"] as JsonObject, desired);
            current = current is null
                ? Create(deployment, spec, template, hash, Math.Clamp(desired + maxSurge - rollout.OldReplicas, 0, desired), latest + 1)
                : ScaleTo(current, NewReplicas(current, desired, maxSurge, rollout.OldReplicas));
            rollout.ScaleDownOld(current, desired - maxUnavailable);
        }

        if (Revision(current) < latest)
        {
            // Back to an earlier template: its ReplicaSet becomes the newest revision, as `kubectl rollout undo` expects.
            Service.Mutate(current, rs =>
            {
                rs["metadata"]!["annotations"] ??= new JsonObject();
                rs["metadata"]!["annotations"]![RevisionAnnotation] = (latest + 1).ToString(CultureInfo.InvariantCulture);
                return true;
            });
            current = Latest(current);
        }

        WriteStatus(deployment, obj, desired, current, old);
    }

    /// <summary>The new ReplicaSet's next size: toward `replicas` without more than replicas + maxSurge pods in all.</summary>
    private static int NewReplicas(StoredObject current, int desired, int maxSurge, int oldReplicas)
    {
        var replicas = SpecReplicas(current);
        if (replicas >= desired)
        {
            return desired;
        }

        var room = desired + maxSurge - oldReplicas - replicas;
        return replicas + Math.Clamp(room, 0, desired - replicas);
    }

    /// <summary>maxSurge (rounded up) and maxUnavailable (rounded down), 25% each by default; never both zero.</summary>
    private static (int MaxSurge, int MaxUnavailable) Limits(JsonObject? rollingUpdate, int desired)
    {
        var surge = Resolve(rollingUpdate?["maxSurge"], desired, roundUp: true);
        var unavailable = Resolve(rollingUpdate?["maxUnavailable"], desired, roundUp: false);
        return (surge, surge == 0 && unavailable == 0 ? 1 : unavailable);
    }

    private static int Resolve(JsonNode? value, int desired, bool roundUp)
    {
        if (value is JsonValue number && number.TryGetValue<int>(out var count))
        {
            return count;
        }

        var text = (string?)value ?? "25%";
        var percent = int.TryParse(text.TrimEnd('%'), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 25;
        var share = percent * desired / 100.0;
        return (int)(roundUp ? Math.Ceiling(share) : Math.Floor(share));
    }

    private StoredObject Create(StoredObject deployment, JsonObject spec, JsonObject template, string hash, int replicas, int revision) =>
        Service.Create(BuiltInResources.ReplicaSets, deployment.Key.Namespace, ReplicaSetFor(deployment, spec, template, hash, replicas, revision), WriteOptions.Default).Object;

    private StoredObject ScaleTo(StoredObject replicaSet, int replicas)
    {
        Service.Mutate(replicaSet, rs =>
        {
            if ((int?)rs["spec"]?["replicas"] == replicas)
            {
                return false;
            }

            rs["spec"]!["replicas"] = replicas;
            return true;
        });
        return Latest(replicaSet);
    }

    private StoredObject Latest(StoredObject replicaSet) => Service.Store.Get(replicaSet.Storage, replicaSet.Key) ?? replicaSet;

    private JsonObject Status(StoredObject replicaSet) => Latest(replicaSet).ToJson()["status"] as JsonObject ?? [];

    private static int SpecReplicas(StoredObject replicaSet) => (int?)replicaSet.ToJson()["spec"]?["replicas"] ?? 0;

    private static int Revision(StoredObject replicaSet) =>
        int.TryParse((string?)replicaSet.ToJson()["metadata"]?["annotations"]?[RevisionAnnotation], CultureInfo.InvariantCulture, out var n) ? n : 0;

    /// <summary>The old ReplicaSets of one reconcile, oldest first, and the sizes they were scaled to.</summary>
    private sealed class Rollout(DeploymentController controller, List<StoredObject> old)
    {
        public int OldReplicas => old.Sum(SpecReplicas);

        public void ScaleOld(Func<StoredObject, int> replicas)
        {
            for (var i = 0; i < old.Count; i++)
            {
                old[i] = controller.ScaleTo(old[i], replicas(old[i]));
            }
        }

        /// <summary>
        /// Scales the old ReplicaSets down as far as keeps <paramref name="minAvailable"/> pods available: their
        /// unavailable pods first (they serve nothing), then available ones, oldest ReplicaSet first.
        /// </summary>
        public void ScaleDownOld(StoredObject current, int minAvailable)
        {
            var newUnavailable = SpecReplicas(current) - Available(current);
            var budget = OldReplicas + SpecReplicas(current) - minAvailable - newUnavailable;
            ScaleOld(rs =>
            {
                var unavailable = SpecReplicas(rs) - Available(rs);
                var down = Math.Clamp(Math.Min(unavailable, budget), 0, SpecReplicas(rs));
                budget -= down;
                return SpecReplicas(rs) - down;
            });

            var available = old.Append(current).Sum(Available);
            var excess = available - minAvailable;
            ScaleOld(rs =>
            {
                var down = Math.Clamp(excess, 0, SpecReplicas(rs));
                excess -= down;
                return SpecReplicas(rs) - down;
            });
        }

        /// <summary>
        /// Its available pods, as far as its status is current: a ReplicaSet just scaled down reports pods it is about
        /// to delete, and counting those would scale the others down too far.
        /// </summary>
        private int Available(StoredObject replicaSet) => Math.Min(SpecReplicas(replicaSet), (int?)controller.Status(replicaSet)["availableReplicas"] ?? 0);
    }

    private void WriteStatus(StoredObject deployment, JsonObject obj, int desired, StoredObject? current, List<StoredObject> old)
    {
        var all = old.Concat(current is null ? [] : [current]).Select(Status).ToList();
        var currentStatus = current is null ? [] : Status(current);
        var updated = (int?)currentStatus["replicas"] ?? 0;
        var available = all.Sum(s => (int?)s["availableReplicas"] ?? 0);
        var total = all.Sum(s => (int?)s["replicas"] ?? 0);
        var complete = updated == desired && total == desired && (int?)currentStatus["availableReplicas"] == desired;
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
                Condition("Progressing", true, complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated", $"ReplicaSet \"{current?.Key.Name}\" {(complete ? "has successfully progressed" : "is progressing")}.", now)),
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
