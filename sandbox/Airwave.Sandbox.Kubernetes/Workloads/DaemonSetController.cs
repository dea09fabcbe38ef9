using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Pods;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Rest;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Workloads;

/// <summary>
/// kube-controller-manager's DaemonSet controller on the sandbox's one node: a pod from the template unless the
/// template's nodeSelector rules the node out, labelled with its template's <c>controller-revision-hash</c> and
/// tolerating a cordoned node, as the controller's pods do. A template change replaces the pod (RollingUpdate, the
/// default) or waits for it to be deleted (OnDelete).
/// </summary>
internal sealed class DaemonSetController(ResourceService service, TimeProvider time)
    : WorkloadController(service, BuiltInResources.DaemonSets.StorageKey, time)
{
    protected override void ReconcileOne(StoredObject daemonSet)
    {
        var obj = daemonSet.ToJson();
        var template = obj["spec"]?["template"] as JsonObject ?? [];
        var revision = PodTemplates.Hash(template);
        var desired = FitsTheNode(template) ? 1 : 0;
        var pods = PodsOf(daemonSet).Where(p => p.IsActive).ToList();
        var onDelete = (string?)obj["spec"]?["updateStrategy"]?["type"] == "OnDelete";
        var outdated = pods.Where(p => p.Revision != revision).ToList();
        if (desired == 0 || pods.Count > desired)
        {
            foreach (var extra in pods.Skip(desired))
            {
                Service.DeleteInBackground(extra.Stored);
            }
        }
        else if (pods.Count == 0)
        {
            Service.Create(BuiltInResources.Pods, daemonSet.Key.Namespace, PodFor(daemonSet, template, revision), WriteOptions.Default);
        }
        else if (!onDelete && outdated.Count > 0)
        {
            // maxUnavailable 1 on one node: the old pod goes, and its replacement comes once it is gone.
            Service.DeleteInBackground(outdated[0].Stored);
        }

        var current = pods.Take(desired).ToList();
        var ready = current.Count(p => p.IsReady);
        var status = new JsonObject
        {
            ["currentNumberScheduled"] = current.Count,
            ["desiredNumberScheduled"] = desired,
            ["numberMisscheduled"] = 0,
            ["numberReady"] = ready,
            ["numberAvailable"] = ready,
            ["updatedNumberScheduled"] = current.Count(p => p.Revision == revision),
            ["observedGeneration"] = (long?)obj["metadata"]?["generation"] ?? 1,
        };
        if (desired - ready > 0)
        {
            status["numberUnavailable"] = desired - ready;
        }

        StatusWrites.Write(Service, daemonSet, status);
    }

    private static JsonObject PodFor(StoredObject daemonSet, JsonObject template, string revision)
    {
        var pod = PodTemplates.PodFor(daemonSet, "apps/v1", "DaemonSet", template);
        pod["metadata"]!["labels"]![PodTemplates.RevisionLabel] = revision;
        var spec = pod["spec"]!.AsObject();
        var tolerations = spec["tolerations"] as JsonArray ?? [];
        spec["tolerations"] = tolerations;
        tolerations.Add(new JsonObject { ["key"] = NodeRegistration.UnschedulableTaint, ["operator"] = "Exists", ["effect"] = "NoSchedule" });
        return pod;
    }

    private static bool FitsTheNode(JsonObject template) =>
        (template["spec"]?["nodeSelector"] as JsonObject ?? []).All(p => NodeRegistration.Labels.TryGetValue(p.Key, out var value) && value == (string?)p.Value);
}
