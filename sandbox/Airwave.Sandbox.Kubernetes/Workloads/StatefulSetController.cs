using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Rest;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Workloads;

/// <summary>
/// kube-controller-manager's StatefulSet controller: pods named by ordinal (<c>NAME-0</c>, <c>NAME-1</c>, ...), each with
/// its name as hostname and the governing Service (<c>serviceName</c>) as subdomain. With <c>OrderedReady</c> (the
/// default) a pod is made only once every lower one runs and is Ready, scaling down removes the highest first, one at
/// a time; <c>Parallel</c> makes and removes them all at once. A template change rolls from the highest ordinal down
/// to <c>partition</c>, one pod at a time, each replaced once the rest are Ready (<c>OnDelete</c>: when deleted).
/// </summary>
internal sealed class StatefulSetController(ResourceService service, TimeProvider time)
    : WorkloadController(service, BuiltInResources.StatefulSets.StorageKey, time)
{
    private const string PodNameLabel = "statefulset.kubernetes.io/pod-name";
    private const string PodIndexLabel = "apps.kubernetes.io/pod-index";

    protected override void ReconcileOne(StoredObject statefulSet)
    {
        var obj = statefulSet.ToJson();
        var spec = obj["spec"] as JsonObject ?? [];
        var name = statefulSet.Key.Name;
        var replicas = (int?)spec["replicas"] ?? 1;
        var template = spec["template"] as JsonObject ?? [];
        var updateRevision = $"{name}-{PodTemplates.Hash(template)}";
        var ordered = (string?)spec["podManagementPolicy"] != "Parallel";
        var pods = PodsOf(statefulSet)
            .Select(p => (Ordinal: Ordinal(name, p.Stored.Key.Name), Pod: p))
            .Where(p => p.Ordinal >= 0)
            .ToDictionary(p => p.Ordinal, p => p.Pod);

        Step(statefulSet, spec, template, updateRevision, pods, replicas, ordered);

        var kept = pods.Where(p => p.Key < replicas).Select(p => p.Value).ToList();
        var ready = kept.Count(p => p.IsReady);
        var updated = kept.Count(p => p.Revision == updateRevision);
        var currentRevision = updated == replicas && ready == replicas
            ? updateRevision
            : (string?)obj["status"]?["currentRevision"] ?? updateRevision;
        StatusWrites.Write(Service, statefulSet, new JsonObject
        {
            ["replicas"] = pods.Count,
            ["readyReplicas"] = ready,
            ["availableReplicas"] = ready,
            ["currentReplicas"] = kept.Count(p => p.Revision == currentRevision),
            ["updatedReplicas"] = updated,
            ["currentRevision"] = currentRevision,
            ["updateRevision"] = updateRevision,
            ["collisionCount"] = 0,
            ["observedGeneration"] = (long?)obj["metadata"]?["generation"] ?? 1,
        });
    }

    /// <summary>One step towards the spec: create, remove or replace pods as the policy allows right now.</summary>
    private void Step(StoredObject statefulSet, JsonObject spec, JsonObject template, string updateRevision, Dictionary<int, OwnedPod> pods, int replicas, bool ordered)
    {
        for (var ordinal = 0; ordinal < replicas; ordinal++)
        {
            if (!pods.TryGetValue(ordinal, out var pod))
            {
                Service.Create(BuiltInResources.Pods, statefulSet.Key.Namespace, PodFor(statefulSet, spec, template, updateRevision, ordinal), WriteOptions.Default);
                if (ordered)
                {
                    return;
                }
            }
            else if (!pod.IsActive)
            {
                // A pod that ended is made again under the same name.
                Service.DeleteInBackground(pod.Stored);
                return;
            }
            else if (ordered && !pod.IsReady)
            {
                return;
            }
        }

        var extras = pods.Where(p => p.Key >= replicas).OrderByDescending(p => p.Key).Select(p => p.Value).ToList();
        foreach (var extra in ordered ? extras.Take(1) : extras)
        {
            Service.DeleteInBackground(extra.Stored);
        }

        if (extras.Count > 0 || (string?)spec["updateStrategy"]?["type"] == "OnDelete" || pods.Values.Any(p => !p.IsReady))
        {
            return;
        }

        var partition = (int?)spec["updateStrategy"]?["rollingUpdate"]?["partition"] ?? 0;
        var outdated = pods.Where(p => p.Key >= partition && p.Key < replicas && p.Value.Revision != updateRevision).OrderByDescending(p => p.Key).FirstOrDefault();
        if (outdated.Value is { } old)
        {
            Service.DeleteInBackground(old.Stored);
        }
    }

    private static JsonObject PodFor(StoredObject statefulSet, JsonObject spec, JsonObject template, string revision, int ordinal)
    {
        var podName = $"{statefulSet.Key.Name}-{ordinal.ToString(CultureInfo.InvariantCulture)}";
        var pod = PodTemplates.PodFor(statefulSet, "apps/v1", "StatefulSet", template);
        var metadata = pod["metadata"]!.AsObject();
        metadata.Remove("generateName");
        metadata["name"] = podName;
        var labels = metadata["labels"]!.AsObject();
        labels[PodTemplates.RevisionLabel] = revision;
        labels[PodNameLabel] = podName;
        labels[PodIndexLabel] = ordinal.ToString(CultureInfo.InvariantCulture);
        var podSpec = pod["spec"]!.AsObject();
        podSpec["hostname"] = podName;
        if ((string?)spec["serviceName"] is { Length: > 0 } service)
        {
            podSpec["subdomain"] = service;
        }

        return pod;
    }

    private static int Ordinal(string setName, string podName) =>
        podName.StartsWith(setName + "-", StringComparison.Ordinal)
        && int.TryParse(podName.AsSpan(setName.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal) ? ordinal : -1;
}
