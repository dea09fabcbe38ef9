using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Resources;

namespace Airwave.Sandbox.Kubernetes.Tables;

/// <summary>
/// The columns kube-apiserver prints for nodes, computed as its printer computes them: STATUS from the Ready
/// condition (with SchedulingDisabled when cordoned), ROLES from the node-role labels, VERSION the kubelet's, and
/// with -o wide the addresses, OS image, kernel and container runtime.
/// </summary>
internal static class NodeColumns
{
    private const string RoleLabelPrefix = "node-role.kubernetes.io/";

    public static IReadOnlyList<PrinterColumn> All { get; } =
    [
        new("Status", "string", "", "The status of the node", 0, null) { Compute = (node, _) => Status(node) },
        new("Roles", "string", "", "The roles of the node", 0, null) { Compute = (node, _) => Roles(node) },
        new("Age", "date", ".metadata.creationTimestamp", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0, null),
        new("Version", "string", "", "Kubelet Version reported by the node.", 0, null) { Compute = (node, _) => Info(node, "kubeletVersion") },
        new("Internal-IP", "string", "", "List of addresses reachable to the node.", 1, null) { Compute = (node, _) => Address(node, "InternalIP") },
        new("External-IP", "string", "", "List of addresses reachable to the node.", 1, null) { Compute = (node, _) => Address(node, "ExternalIP") },
        new("OS-Image", "string", "", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", 1, null) { Compute = (node, _) => Info(node, "osImage") },
        new("Kernel-Version", "string", "", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1, null) { Compute = (node, _) => Info(node, "kernelVersion") },
        new("Container-Runtime", "string", "", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", 1, null) { Compute = (node, _) => Info(node, "containerRuntimeVersion") },
    ];

    private static string Status(JsonObject node)
    {
        var ready = (node["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "Ready");
        var status = ready is null ? "Unknown" : (string?)ready["status"] == "True" ? "Ready" : "NotReady";
        return (bool?)node["spec"]?["unschedulable"] == true ? status + ",SchedulingDisabled" : status;
    }

    private static string Roles(JsonObject node)
    {
        var labels = node["metadata"]?["labels"] as JsonObject ?? [];
        var roles = labels.Select(l => l.Key.StartsWith(RoleLabelPrefix, StringComparison.Ordinal) ? l.Key[RoleLabelPrefix.Length..]
                : l.Key == "kubernetes.io/role" ? (string?)l.Value : null)
            .Where(r => !string.IsNullOrEmpty(r)).Order(StringComparer.Ordinal).ToList();
        return roles.Count == 0 ? "<none>" : string.Join(",", roles);
    }

    private static string Address(JsonObject node, string type) =>
        (string?)(node["status"]?["addresses"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(a => (string?)a["type"] == type)?["address"] ?? "<none>";

    private static string Info(JsonObject node, string field) => (string?)node["status"]?["nodeInfo"]?[field] is { Length: > 0 } value ? value : "<unknown>";
}
