using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Resources;

namespace Airwave.Sandbox.Kubernetes.Tables;

/// <summary>The columns kube-apiserver prints for DaemonSets, StatefulSets, ReplicationControllers and CronJobs (with -o wide their containers, images and selector).</summary>
internal static class WorkloadColumns
{
    private const string AgeDescription = "CreationTimestamp is a timestamp representing the server time when this object was created.";

    public static IReadOnlyList<PrinterColumn> DaemonSet { get; } =
    [
        Count("Desired", "The desired number of nodes that should be running the daemon pod.", "status", "desiredNumberScheduled"),
        Count("Current", "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.", "status", "currentNumberScheduled"),
        Count("Ready", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.", "status", "numberReady"),
        Count("Up-to-date", "The total number of nodes that are running updated daemon pod", "status", "updatedNumberScheduled"),
        Count("Available", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)", "status", "numberAvailable"),
        new("Node Selector", "string", "", "NodeSelector is a selector which must be true for the pod to fit on a node.", 0, null) { Compute = (ds, _) => Pairs(ds["spec"]?["template"]?["spec"]?["nodeSelector"] as JsonObject) },
        Age(),
        .. Wide(labelSelector: true),
    ];

    public static IReadOnlyList<PrinterColumn> StatefulSet { get; } =
    [
        new("Ready", "string", "", "Number of the pod with ready state", 0, null) { Compute = (sts, _) => $"{Number(sts, "status", "readyReplicas")}/{Number(sts, "spec", "replicas", 1)}" },
        Age(),
        .. Wide(labelSelector: null),
    ];

    public static IReadOnlyList<PrinterColumn> ReplicationController { get; } =
    [
        new("Desired", "integer", "", "Replicas is the number of desired replicas.", 0, null) { Compute = (rc, _) => Number(rc, "spec", "replicas", 1) },
        Count("Current", "Replicas is the most recently observed number of replicas.", "status", "replicas"),
        Count("Ready", "The number of ready replicas for this replication controller.", "status", "readyReplicas"),
        Age(),
        .. Wide(labelSelector: false),
    ];

    public static IReadOnlyList<PrinterColumn> CronJob { get; } =
    [
        new("Schedule", "string", ".spec.schedule", "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.", 0, null),
        new("Timezone", "string", "", "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.", 0, null) { Compute = (cj, _) => (string?)cj["spec"]?["timeZone"] ?? "<none>" },
        new("Suspend", "boolean", "", "This flag tells the controller to suspend subsequent executions.", 0, null) { Compute = (cj, _) => (bool?)cj["spec"]?["suspend"] == true ? "True" : "False" },
        new("Active", "integer", "", "A list of pointers to currently running jobs.", 0, null) { Compute = (cj, _) => (cj["status"]?["active"] as JsonArray)?.Count ?? 0 },
        new("Last Schedule", "string", "", "Information when was the last time the job was successfully scheduled.", 0, null) { Compute = (cj, now) => DateTimeOffset.TryParse((string?)cj["status"]?["lastScheduleTime"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? HumanDuration.Format(now - at) : "<none>" },
        Age(),
        new("Containers", "string", "", "Names of each container in the template.", 1, null) { Compute = (cj, _) => Containers(JobPodSpec(cj), "name") },
        new("Images", "string", "", "Images referenced by each container in the template.", 1, null) { Compute = (cj, _) => Containers(JobPodSpec(cj), "image") },
        new("Selector", "string", "", "Label selector for pods.", 1, null) { Compute = (cj, _) => Pairs(cj["spec"]?["jobTemplate"]?["spec"]?["selector"]?["matchLabels"] as JsonObject) },
    ];

    private static PrinterColumn Count(string name, string description, string section, string field) =>
        new(name, "integer", "", description, 0, null) { Compute = (obj, _) => Number(obj, section, field) };

    private static PrinterColumn Age() => new("Age", "date", ".metadata.creationTimestamp", AgeDescription, 0, null);

    /// <summary>Containers and images, and for the kinds with one the selector (a LabelSelector's matchLabels, or a ReplicationController's map).</summary>
    private static IEnumerable<PrinterColumn> Wide(bool? labelSelector)
    {
        yield return new("Containers", "string", "", "Names of each container in the template.", 1, null) { Compute = (obj, _) => Containers(obj["spec"]?["template"]?["spec"], "name") };
        yield return new("Images", "string", "", "Images referenced by each container in the template.", 1, null) { Compute = (obj, _) => Containers(obj["spec"]?["template"]?["spec"], "image") };
        if (labelSelector is { } isLabelSelector)
        {
            yield return new("Selector", "string", "", "Label selector for pods.", 1, null)
            {
                Compute = (obj, _) => Pairs((isLabelSelector ? obj["spec"]?["selector"]?["matchLabels"] : obj["spec"]?["selector"]) as JsonObject),
            };
        }
    }

    private static int Number(JsonObject obj, string section, string field, int missing = 0) => (int?)obj[section]?[field] ?? missing;

    private static string Containers(JsonNode? podSpec, string field) =>
        string.Join(",", (podSpec?["containers"] as JsonArray ?? []).Select(c => (string?)c?[field]));

    private static JsonNode? JobPodSpec(JsonObject cronJob) => cronJob["spec"]?["jobTemplate"]?["spec"]?["template"]?["spec"];

    private static string Pairs(JsonObject? pairs) =>
        pairs is { Count: > 0 } ? string.Join(",", pairs.Select(p => $"{p.Key}={(string?)p.Value}")) : "<none>";
}
