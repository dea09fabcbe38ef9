using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Resources;

namespace Airwave.Sandbox.Kubernetes.Tables;

/// <summary>
/// The columns kube-apiserver prints for Services, computed as its printer computes them: TYPE, CLUSTER-IP,
/// EXTERNAL-IP (a load balancer's addresses, &lt;pending&gt; until it has one; an ExternalName's name), PORT(S) as
/// port[:nodePort]/protocol, and with -o wide the selector.
/// </summary>
internal static class ServiceColumns
{
    public static IReadOnlyList<PrinterColumn> All { get; } =
    [
        new("Type", "string", ".spec.type", "The type of service.", 0, null),
        new("Cluster-IP", "string", "", "The cluster IP of the service.", 0, null) { Compute = (svc, _) => ClusterIp(svc) },
        new("External-IP", "string", "", "The external IP of the service.", 0, null) { Compute = (svc, _) => ExternalIp(svc) },
        new("Port(s)", "string", "", "The ports of the service.", 0, null) { Compute = (svc, _) => Ports(svc) },
        new("Age", "date", ".metadata.creationTimestamp", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0, null),
        new("Selector", "string", "", "The label selector of the service.", 1, null) { Compute = (svc, _) => Selector(svc) },
    ];

    private static string ClusterIp(JsonObject svc) =>
        svc["spec"]?["clusterIPs"] is JsonArray { Count: > 0 } all ? string.Join(",", all.Select(a => (string?)a))
            : (string?)svc["spec"]?["clusterIP"] is { Length: > 0 } one ? one : "<none>";

    private static string ExternalIp(JsonObject svc)
    {
        var external = (svc["spec"]?["externalIPs"] as JsonArray ?? []).Select(a => (string?)a).OfType<string>().ToList();
        switch ((string?)svc["spec"]?["type"])
        {
            case "ExternalName":
                return (string?)svc["spec"]?["externalName"] ?? "<none>";
            case "LoadBalancer":
                var balancers = (svc["status"]?["loadBalancer"]?["ingress"] as JsonArray ?? []).OfType<JsonObject>()
                    .Select(i => (string?)i["ip"] is { Length: > 0 } ip ? ip : (string?)i["hostname"]).OfType<string>();
                var all = balancers.Concat(external).ToList();
                return all.Count > 0 ? string.Join(",", all) : "<pending>";
            default:
                return external.Count > 0 ? string.Join(",", external) : "<none>";
        }
    }

    private static string Ports(JsonObject svc)
    {
        var ports = (svc["spec"]?["ports"] as JsonArray ?? []).OfType<JsonObject>().Select(p => (int?)p["nodePort"] is { } nodePort and not 0
            ? string.Create(CultureInfo.InvariantCulture, $"{(int?)p["port"]}:{nodePort}/{(string?)p["protocol"]}")
            : string.Create(CultureInfo.InvariantCulture, $"{(int?)p["port"]}/{(string?)p["protocol"]}")).ToList();
        return ports.Count > 0 ? string.Join(",", ports) : "<none>";
    }

    private static string Selector(JsonObject svc) =>
        svc["spec"]?["selector"] is JsonObject { Count: > 0 } selector
            ? string.Join(",", selector.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={(string?)l.Value}"))
            : "<none>";
}
