using System.Text.Json.Nodes;

namespace Airwave.Operator.Kubernetes;

/// <summary>
/// The NetworkPolicy spec of pods that fetch from and send to the internet only (a meeting connector, a clip Job):
/// names resolved with the cluster's DNS (kube-dns in kube-system), any address but the denied ones, which by
/// default hold the cluster's pods, services and nodes and the cloud's metadata service. Ingress is left alone
/// (probes, metrics).
/// </summary>
public static class InternetEgress
{
    /// <summary>RFC 1918, the shared (carrier-grade NAT) range, loopback and link-local, and their IPv6 counterparts.</summary>
    public static readonly IReadOnlyList<string> PrivateRanges =
        ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "fc00::/7", "fe80::/10", "::1/128"];

    /// <summary>The spec for the pods <paramref name="podSelector"/> selects, denied <paramref name="denied"/>.</summary>
    public static JsonObject Spec(IReadOnlyDictionary<string, string> podSelector, IReadOnlyList<string> denied)
    {
        ArgumentNullException.ThrowIfNull(podSelector);
        ArgumentNullException.ThrowIfNull(denied);
        JsonObject Block(string all, bool v6) => new()
        {
            ["ipBlock"] = new JsonObject
            {
                ["cidr"] = all,
                ["except"] = new JsonArray([.. denied.Where(c => c.Contains(':', StringComparison.Ordinal) == v6).Select(c => (JsonNode)c)]),
            },
        };
        var dns = new JsonObject
        {
            ["to"] = new JsonArray(new JsonObject
            {
                ["namespaceSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["kubernetes.io/metadata.name"] = "kube-system" } },
                ["podSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["k8s-app"] = "kube-dns" } },
            }),
            ["ports"] = new JsonArray(
                new JsonObject { ["protocol"] = "UDP", ["port"] = 53 },
                new JsonObject { ["protocol"] = "TCP", ["port"] = 53 }),
        };
        return new JsonObject
        {
            ["podSelector"] = new JsonObject { ["matchLabels"] = AppliedObject.Json(podSelector) },
            ["policyTypes"] = new JsonArray("Egress"),
            ["egress"] = new JsonArray(dns, new JsonObject { ["to"] = new JsonArray(Block("0.0.0.0/0", v6: false), Block("::/0", v6: true)) }),
        };
    }
}
