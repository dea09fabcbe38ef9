using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Rest;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Workloads;

/// <summary>Core v1 Events a controller writes about an object, as kube-controller-manager's recorders write them (what `kubectl describe` lists).</summary>
internal static class ControllerEvents
{
    public static void Record(ResourceService service, ResourceType type, StoredObject about, string component, string eventType, string reason, string message, DateTimeOffset now)
    {
        var at = KubernetesTimeConverter.ToText(now);
        service.Create(BuiltInResources.Events, about.Key.Namespace, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = $"{about.Key.Name}.{Guid.NewGuid():N}"[..Math.Min(253, about.Key.Name.Length + 17)] },
            ["involvedObject"] = new JsonObject
            {
                ["apiVersion"] = type.GroupVersion,
                ["kind"] = type.Kind,
                ["name"] = about.Key.Name,
                ["namespace"] = about.Key.Namespace,
                ["uid"] = about.Uid,
            },
            ["reason"] = reason,
            ["message"] = message,
            ["type"] = eventType,
            ["source"] = new JsonObject { ["component"] = component },
            ["firstTimestamp"] = at,
            ["lastTimestamp"] = at,
            ["count"] = 1,
        }, WriteOptions.Default);
    }
}
