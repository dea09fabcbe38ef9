using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Pods;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Storage;
using Airwave.Sandbox.Kubernetes.Workloads;

namespace Airwave.Sandbox.Kubernetes.Admission;

/// <summary>
/// Where a call to a Service's port goes, as the API server reaches a webhook's service client config through the
/// Service's endpoints: a ready pod the Service selects (the sandbox's pods all live on 127.0.0.1, on their container
/// ports), or, for a Service without a selector, an address of its EndpointSlices.
/// </summary>
internal sealed class ServiceEndpoints(ObjectStore store)
{
    private static readonly StorageKey Services = new(string.Empty, "services");
    private static readonly StorageKey EndpointSlices = new("discovery.k8s.io", "endpointslices");

    /// <summary>One endpoint of the Service's <paramref name="port"/>; throws <see cref="HttpRequestException"/> worded as the API server's when there is none.</summary>
    public IPEndPoint Resolve(string ns, string name, int port)
    {
        var service = store.Get(Services, new ObjectKey(ns, name))?.ToJson()
            ?? throw new HttpRequestException($"service \"{name}\" not found");
        var servicePort = (service["spec"]?["ports"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(p => (int?)p["port"] == port)
            ?? throw new HttpRequestException($"no service port {port.ToString(CultureInfo.InvariantCulture)} found for service \"{name}\"");
        var endpoints = service["spec"]?["selector"] is JsonObject { Count: > 0 } selector
            ? FromPods(ns, selector, servicePort)
            : Ready(ns, name, (string?)servicePort["name"] ?? "");
        return endpoints.Count > 0
            ? endpoints[Random.Shared.Next(endpoints.Count)]
            : throw new HttpRequestException($"no endpoints available for service \"{name}\"");
    }

    private List<IPEndPoint> FromPods(string ns, JsonObject selector, JsonObject servicePort)
    {
        var found = new List<IPEndPoint>();
        foreach (var stored in store.List(BuiltInResources.Pods.StorageKey, ns).Items.Where(p => !p.IsDeleting && Selects(selector, p.Labels)))
        {
            var pod = stored.ToJson();
            if (PodReadiness.IsReady(pod) && IPAddress.TryParse((string?)pod["status"]?["podIP"], out var address) && TargetPort(pod, servicePort) is { } target)
            {
                found.Add(new IPEndPoint(address, target));
            }
        }

        return found;
    }

    /// <summary>Whether a Service's selector (labels and their values, all of which must match) selects these labels.</summary>
    internal static bool Selects(JsonObject selector, IReadOnlyDictionary<string, string> labels) =>
        selector.All(l => labels.TryGetValue(l.Key, out var value) && value == (string?)l.Value);

    /// <summary>The targetPort as a number, or a container port of that name (absent: the Service's port).</summary>
    internal static int? TargetPort(JsonObject pod, JsonObject servicePort)
    {
        var target = servicePort["targetPort"] ?? servicePort["port"];
        if (target is JsonValue value && value.TryGetValue<int>(out var number))
        {
            return number;
        }

        var named = (string?)target;
        return (pod["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>()
            .SelectMany(c => (c["ports"] as JsonArray ?? []).OfType<JsonObject>())
            .Where(p => (string?)p["name"] == named)
            .Select(p => (int?)p["containerPort"])
            .FirstOrDefault();
    }

    /// <summary>The ready addresses and target ports the Service's EndpointSlices list for its port of that name ("" when it has one port without a name).</summary>
    public List<IPEndPoint> Ready(string ns, string name, string portName) =>
        [.. ReadyEndpoints(ns, name, portName).Where(e => e.Port is not null).Select(e => new IPEndPoint(e.Address, e.Port!.Value))];

    /// <summary>
    /// Each ready address the Service's EndpointSlices list, with its hostname (null without one) and the target port
    /// of the Service's port of that name (null when the slice has none of that name).
    /// </summary>
    public IEnumerable<(IPAddress Address, string? Hostname, int? Port)> ReadyEndpoints(string ns, string name, string portName)
    {
        foreach (var stored in store.List(EndpointSlices, ns).Items.Where(s => s.Labels.TryGetValue(EndpointSliceController.ServiceNameLabel, out var owner) && owner == name))
        {
            var slice = stored.ToJson();
            var port = (int?)(slice["ports"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(p => ((string?)p["name"] ?? "") == portName)?["port"];
            foreach (var endpoint in (slice["endpoints"] as JsonArray ?? []).OfType<JsonObject>().Where(e => (bool?)e["conditions"]?["ready"] != false))
            {
                foreach (var address in (endpoint["addresses"] as JsonArray ?? []).Select(a => IPAddress.TryParse((string?)a, out var parsed) ? parsed : null).OfType<IPAddress>())
                {
                    yield return (address, (string?)endpoint["hostname"], port);
                }
            }
        }
    }
}
