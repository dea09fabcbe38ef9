using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Resources;

namespace Airwave.Sandbox.Kubernetes.Networking;

/// <summary>
/// The defaults kube-apiserver fills in on a Service, which kubectl prints and proxies read: the type, session
/// affinity, traffic policies, each port's protocol and target port (the port itself), and an empty load balancer
/// status on a new one.
/// </summary>
internal static class ServiceDefaults
{
    public static void Apply(ResourceType type, JsonObject obj)
    {
        if (type != BuiltInResources.Services || obj["spec"] is not JsonObject spec)
        {
            return;
        }

        spec["type"] ??= "ClusterIP";
        var serviceType = (string?)spec["type"];
        if (serviceType == "ExternalName")
        {
            return;
        }

        spec["sessionAffinity"] ??= "None";
        spec["internalTrafficPolicy"] ??= "Cluster";
        if (serviceType is "NodePort" or "LoadBalancer")
        {
            spec["externalTrafficPolicy"] ??= "Cluster";
        }

        if (serviceType == "LoadBalancer")
        {
            spec["allocateLoadBalancerNodePorts"] ??= true;
        }

        foreach (var port in (spec["ports"] as JsonArray ?? []).OfType<JsonObject>())
        {
            port["protocol"] ??= "TCP";
            port["targetPort"] ??= port["port"]?.DeepClone();
        }
    }

    /// <summary>A new Service's status: no load balancer yet.</summary>
    public static JsonObject InitialStatus() => new() { ["loadBalancer"] = new JsonObject() };
}
