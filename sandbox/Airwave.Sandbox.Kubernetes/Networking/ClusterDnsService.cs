using System.Net;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Rest;

namespace Airwave.Sandbox.Kubernetes.Networking;

/// <summary>The <c>kube-system/kube-dns</c> Service clusters have (CoreDNS's), at the address the cluster DNS serves on.</summary>
internal static class ClusterDnsService
{
    public static void Create(ResourceService service, IPAddress address) =>
        service.Create(BuiltInResources.Services, "kube-system", new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = "kube-dns",
                ["labels"] = new JsonObject { ["k8s-app"] = "kube-dns", ["kubernetes.io/cluster-service"] = "true", ["kubernetes.io/name"] = "CoreDNS" },
            },
            ["spec"] = new JsonObject
            {
                ["clusterIP"] = address.ToString(),
                ["ports"] = new JsonArray(
                    new JsonObject { ["name"] = "dns", ["port"] = ClusterDns.Port, ["protocol"] = "UDP" },
                    new JsonObject { ["name"] = "dns-tcp", ["port"] = ClusterDns.Port, ["protocol"] = "TCP" }),
            },
        }, WriteOptions.Default);
}
