using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Rest;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Workloads;

/// <summary>
/// kube-controller-manager's ReplicaSet controller, and its ReplicationController controller, which does the same
/// for the older kind: keeps `replicas` active pods from the template (a pod that ended or was deleted is replaced,
/// extra ones are deleted) and reports how many are ready and available.
/// </summary>
internal sealed class ReplicaSetController(ResourceService service, TimeProvider time, ResourceType kind)
    : WorkloadController(service, kind.StorageKey, time)
{
    protected override void ReconcileOne(StoredObject replicaSet)
    {
        var obj = replicaSet.ToJson();
        var desired = (int?)obj["spec"]?["replicas"] ?? 1;
        var active = PodsOf(replicaSet).Where(p => p.IsActive).ToList();
        for (var i = active.Count; i < desired; i++)
        {
            Service.Create(BuiltInResources.Pods, replicaSet.Key.Namespace, PodTemplates.PodFor(replicaSet, kind.GroupVersion, kind.Kind, obj["spec"]?["template"] as JsonObject ?? []), WriteOptions.Default);
        }

        // Ranked as the controller ranks them: pending before running, not ready before ready, a lower
        // controller.kubernetes.io/pod-deletion-cost first, then the newest, which have run least.
        var ranked = active
            .OrderBy(p => p.Phase == "Running" ? 1 : 0)
            .ThenBy(p => p.IsReady ? 1 : 0)
            .ThenBy(p => p.DeletionCost)
            .ThenByDescending(p => p.Stored.ResourceVersion);
        var extras = ranked.Take(Math.Max(0, active.Count - desired)).ToList();
        foreach (var extra in extras)
        {
            Service.DeleteInBackground(extra.Stored);
        }

        var ready = active.Except(extras).Count(p => p.IsReady);

        // Missing pods were just created and extra ones deleted: there are as many as desired.
        var status = new JsonObject
        {
            ["replicas"] = desired,
            ["fullyLabeledReplicas"] = desired,
            ["readyReplicas"] = ready,
            ["availableReplicas"] = ready,
            ["observedGeneration"] = (long?)obj["metadata"]?["generation"] ?? 1,
        };
        StatusWrites.Write(Service, replicaSet, status);
    }
}
