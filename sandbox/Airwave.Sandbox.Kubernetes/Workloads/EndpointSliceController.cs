using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Admission;
using Airwave.Sandbox.Kubernetes.Pods;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Rest;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Workloads;

/// <summary>
/// kube-controller-manager's EndpointSlice and Endpoints controllers: for each Service with a selector, an
/// EndpointSlice (labelled <c>kubernetes.io/service-name</c>, owned by the Service) and an Endpoints of its name
/// listing the pods it selects that have an address, ready or not (<c>publishNotReadyAddresses</c> counts them all
/// ready), with the Service's ports turned into the pods' target ports, changed as the pods change.
/// </summary>
internal sealed class EndpointSliceController(ResourceService service, TimeProvider time)
    : WorkloadController(service, BuiltInResources.Services.StorageKey, time)
{
    public const string ServiceNameLabel = "kubernetes.io/service-name";
    private const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";
    private const string ManagedBy = "endpointslice-controller.k8s.io";
    private static readonly string[] ContentFields = ["addressType", "endpoints", "ports", "subsets"];

    /// <summary>A pod's change concerns the Services of its namespace that select it.</summary>
    protected override IEnumerable<StoredObject> Concerned(StoredObject changed) =>
        changed.Storage == BuiltInResources.Pods.StorageKey
            ? Service.Store.List(BuiltInResources.Services.StorageKey, changed.Key.Namespace).Items
                .Where(s => s.ToJson()["spec"]?["selector"] is JsonObject { Count: > 0 } selector && ServiceEndpoints.Selects(selector, changed.Labels))
            : base.Concerned(changed);

    protected override void ReconcileOne(StoredObject svc)
    {
        var obj = svc.ToJson();
        if (obj["spec"]?["selector"] is not JsonObject { Count: > 0 } selector)
        {
            return;
        }

        var publishNotReady = (bool?)obj["spec"]?["publishNotReadyAddresses"] == true;
        var pods = Service.Store.List(BuiltInResources.Pods.StorageKey, svc.Key.Namespace).Items
            .Where(p => !p.IsDeleting && ServiceEndpoints.Selects(selector, p.Labels))
            .Select(p => p.ToJson())
            .Where(p => (string?)p["status"]?["podIP"] is { Length: > 0 } && (string?)p["status"]?["phase"] is not ("Succeeded" or "Failed"))
            .OrderBy(p => (string?)p["metadata"]?["name"], StringComparer.Ordinal)
            .ToList();
        // A named target port is the pods' to say: without a pod that names it, the port is left out, as the controller leaves it.
        var ports = (obj["spec"]?["ports"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(port => (Port: port, Target: pods.Select(pod => ServiceEndpoints.TargetPort(pod, port)).FirstOrDefault(t => t is not null) ?? NumericTarget(port)))
            .Where(p => p.Target is not null)
            .ToList();
        var endpoints = pods.Select(pod => (Pod: pod, Ready: publishNotReady || PodReadiness.IsReady(pod))).ToList();

        var slice = new JsonObject
        {
            ["addressType"] = "IPv4",
            ["endpoints"] = new JsonArray([.. endpoints.Select(e => (JsonNode)SliceEndpoint(svc.Key.Name, e.Pod, e.Ready))]),
            ["ports"] = new JsonArray([.. ports.Select(p => (JsonNode)Port(p.Port, p.Target))]),
        };
        Write(svc, BuiltInResources.EndpointSlices, Service.Store.List(BuiltInResources.EndpointSlices.StorageKey, svc.Key.Namespace).Items
            .FirstOrDefault(s => s.Labels.GetValueOrDefault(ServiceNameLabel) == svc.Key.Name && s.Labels.GetValueOrDefault(ManagedByLabel) == ManagedBy), slice, generateName: true);

        var subset = new JsonObject();
        if (endpoints.Any(e => e.Ready))
        {
            subset["addresses"] = new JsonArray([.. endpoints.Where(e => e.Ready).Select(e => (JsonNode)Address(e.Pod))]);
        }

        if (endpoints.Any(e => !e.Ready))
        {
            subset["notReadyAddresses"] = new JsonArray([.. endpoints.Where(e => !e.Ready).Select(e => (JsonNode)Address(e.Pod))]);
        }

        subset["ports"] = new JsonArray([.. ports.Select(p => (JsonNode)Port(p.Port, p.Target))]);
        var endpointsObject = new JsonObject { ["subsets"] = endpoints.Count > 0 ? new JsonArray(subset) : null };
        if (endpoints.Count == 0)
        {
            endpointsObject.Remove("subsets");
        }

        Write(svc, BuiltInResources.Endpoints, Service.Store.Get(BuiltInResources.Endpoints.StorageKey, new ObjectKey(svc.Key.Namespace, svc.Key.Name)), endpointsObject, generateName: false);
    }

    /// <summary>Creates the object with <paramref name="content"/>, or changes the existing one's content when it differs.</summary>
    private void Write(StoredObject svc, ResourceType type, StoredObject? existing, JsonObject content, bool generateName)
    {
        if (existing is null)
        {
            var created = (JsonObject)content.DeepClone();
            created["apiVersion"] = type.GroupVersion;
            created["kind"] = type.Kind;
            created["metadata"] = new JsonObject
            {
                [generateName ? "generateName" : "name"] = generateName ? svc.Key.Name + "-" : svc.Key.Name,
                ["labels"] = new JsonObject { [ServiceNameLabel] = svc.Key.Name, [ManagedByLabel] = ManagedBy },
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "Service",
                    ["name"] = svc.Key.Name,
                    ["uid"] = svc.Uid,
                    ["controller"] = true,
                    ["blockOwnerDeletion"] = true,
                }),
            };
            Service.Create(type, svc.Key.Namespace, created, WriteOptions.Default);
            return;
        }

        Service.Mutate(existing, current =>
        {
            var changed = false;
            foreach (var field in ContentFields)
            {
                if (!JsonNode.DeepEquals(current[field], content[field]))
                {
                    current[field] = content[field]?.DeepClone();
                    changed = true;
                }
            }

            return changed;
        });
    }

    private static int? NumericTarget(JsonObject servicePort) =>
        (servicePort["targetPort"] ?? servicePort["port"]) is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;

    private static JsonObject SliceEndpoint(string serviceName, JsonObject pod, bool ready)
    {
        var endpoint = new JsonObject
        {
            ["addresses"] = new JsonArray((string?)pod["status"]!["podIP"]),
            ["conditions"] = new JsonObject { ["ready"] = ready, ["serving"] = ready, ["terminating"] = false },
            ["nodeName"] = (string?)pod["spec"]?["nodeName"],
            ["targetRef"] = Reference(pod),
        };
        if (Hostname(serviceName, pod) is { } hostname)
        {
            endpoint["hostname"] = hostname;
        }

        return endpoint;
    }

    private static JsonObject Address(JsonObject pod)
    {
        var address = new JsonObject { ["ip"] = (string?)pod["status"]!["podIP"], ["nodeName"] = (string?)pod["spec"]?["nodeName"], ["targetRef"] = Reference(pod) };
        if ((string?)pod["spec"]?["hostname"] is { Length: > 0 } hostname)
        {
            address["hostname"] = hostname;
        }

        return address;
    }

    /// <summary>A pod's hostname counts for a Service whose name is the pod's subdomain (StatefulSets' pods, say).</summary>
    private static string? Hostname(string serviceName, JsonObject pod) =>
        (string?)pod["spec"]?["subdomain"] == serviceName ? (string?)pod["spec"]?["hostname"] : null;

    private static JsonObject Reference(JsonObject pod) => new()
    {
        ["kind"] = "Pod",
        ["name"] = (string?)pod["metadata"]?["name"],
        ["namespace"] = (string?)pod["metadata"]?["namespace"],
        ["uid"] = (string?)pod["metadata"]?["uid"],
    };

    private static JsonObject Port(JsonObject servicePort, int? target)
    {
        var port = new JsonObject { ["port"] = target, ["protocol"] = (string?)servicePort["protocol"] ?? "TCP" };
        if ((string?)servicePort["name"] is { Length: > 0 } name)
        {
            port["name"] = name;
        }

        return port;
    }
}
