using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Resources;

namespace Airwave.Sandbox.Kubernetes.Rest;

/// <summary>
/// The defaults kube-apiserver fills in for the workload kinds whose controllers and kubectl read them
/// (`kubectl rollout status` needs an update strategy): replicas, update strategies, the StatefulSet pod management
/// policy, a CronJob's concurrency policy and history limits, and a ReplicationController's selector and labels from
/// its template's labels.
/// </summary>
internal static class WorkloadDefaults
{
    public static void Apply(ResourceType type, JsonObject obj)
    {
        if (obj["spec"] is not JsonObject spec)
        {
            return;
        }

        if (type == BuiltInResources.DaemonSets)
        {
            Strategy(spec, new JsonObject { ["maxUnavailable"] = 1, ["maxSurge"] = 0 });
            spec["revisionHistoryLimit"] ??= 10;
        }
        else if (type == BuiltInResources.StatefulSets)
        {
            spec["replicas"] ??= 1;
            spec["podManagementPolicy"] ??= "OrderedReady";
            Strategy(spec, new JsonObject { ["partition"] = 0 });
            spec["revisionHistoryLimit"] ??= 10;
            spec["persistentVolumeClaimRetentionPolicy"] ??= new JsonObject { ["whenDeleted"] = "Retain", ["whenScaled"] = "Retain" };
        }
        else if (type == BuiltInResources.CronJobs)
        {
            spec["concurrencyPolicy"] ??= "Allow";
            spec["suspend"] ??= false;
            spec["successfulJobsHistoryLimit"] ??= 3;
            spec["failedJobsHistoryLimit"] ??= 1;
        }
        else if (type == BuiltInResources.ReplicationControllers)
        {
            spec["replicas"] ??= 1;
            if (spec["template"]?["metadata"]?["labels"] is JsonObject labels)
            {
                spec["selector"] ??= labels.DeepClone();
                var metadata = obj["metadata"] as JsonObject;
                if (metadata is not null && metadata["labels"] is null)
                {
                    metadata["labels"] = labels.DeepClone();
                }
            }
        }
    }

    private static void Strategy(JsonObject spec, JsonObject rollingUpdate)
    {
        var strategy = spec["updateStrategy"] as JsonObject ?? [];
        spec["updateStrategy"] = strategy;
        strategy["type"] ??= "RollingUpdate";
        if ((string?)strategy["type"] == "RollingUpdate")
        {
            strategy["rollingUpdate"] ??= rollingUpdate;
        }
    }
}
