using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Resources;

namespace Airwave.Sandbox.Kubernetes.Tables;

/// <summary>
/// The columns kube-apiserver prints for pods, computed as its printer computes them: READY as ready/total
/// containers, STATUS as the most telling reason (a waiting or terminated container's, else the phase),
/// RESTARTS summed over containers, and with -o wide the pod's IP and node.
/// </summary>
internal static class PodColumns
{
    public static IReadOnlyList<PrinterColumn> All { get; } =
    [
        new("Ready", "string", "", "The number of ready containers out of all containers.", 0, null)
        {
            Compute = (pod, _) => $"{Statuses(pod).Count(s => (bool?)s["ready"] == true)}/{(pod["spec"]?["containers"] as JsonArray)?.Count ?? Statuses(pod).Count}",
        },
        new("Status", "string", "", "The aggregate status of the containers in this pod.", 0, null) { Compute = (pod, _) => Status(pod, Statuses(pod)) },
        new("Restarts", "string", "", "The number of times the containers in this pod have been restarted.", 0, null)
        {
            Compute = (pod, _) => Statuses(pod).Sum(s => (int?)s["restartCount"] ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
        new("Age", "date", ".metadata.creationTimestamp", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0, null),
        new("IP", "string", ".status.podIP", "IP address allocated to the pod.", 1, null),
        new("Node", "string", "", "Name of the node the pod runs on.", 1, null)
        {
            Compute = (pod, _) => pod["status"]?["phase"] is null ? "<none>" : Pods.Kubelet.NodeName,
        },
    ];

    private static List<JsonObject> Statuses(JsonObject pod) => (pod["status"]?["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>().ToList();

    private static string Status(JsonObject pod, List<JsonObject> statuses)
    {
        if (pod["metadata"]?["deletionTimestamp"] is not null)
        {
            return "Terminating";
        }

        var phase = (string?)pod["status"]?["phase"] ?? "Pending";
        var init = (pod["status"]?["initContainerStatuses"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var initDone = init.Count(s => (int?)s["state"]?["terminated"]?["exitCode"] == 0);
        if (initDone < init.Count)
        {
            foreach (var status in init)
            {
                if ((string?)status["state"]?["waiting"]?["reason"] is { Length: > 0 } waiting && waiting is not ("PodInitializing" or "ContainerCreating"))
                {
                    return "Init:" + waiting;
                }

                if ((int?)status["state"]?["terminated"]?["exitCode"] is { } code && code != 0)
                {
                    return "Init:" + ((string?)status["state"]!["terminated"]!["reason"] ?? "Error");
                }
            }

            return $"Init:{initDone}/{init.Count}";
        }

        foreach (var status in statuses)
        {
            if ((string?)status["state"]?["waiting"]?["reason"] is { Length: > 0 } waiting && waiting != "ContainerCreating")
            {
                return waiting;
            }

            if (phase is "Succeeded" or "Failed" && (string?)status["state"]?["terminated"]?["reason"] is { Length: > 0 } terminated)
            {
                return terminated;
            }
        }

        return phase;
    }
}
