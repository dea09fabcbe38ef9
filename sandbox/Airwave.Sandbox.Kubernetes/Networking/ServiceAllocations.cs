using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Networking;

/// <summary>
/// What kube-apiserver's Service storage hands out as a Service is written: a cluster IP from the
/// <see cref="ServiceRange"/> (or the one asked for, if free), node ports from 30000-32767 for NodePort and
/// LoadBalancer Services, both kept across updates that leave them out and refused when changed. What is taken is read
/// from the stored Services, plus what writes under way hold, so two at once never get the same.
/// </summary>
internal sealed class ServiceAllocations(ObjectStore store, ServiceRange range)
{
    public const int FirstNodePort = 30000;
    public const int LastNodePort = 32767;

    /// <summary>
    /// The low end of the range is kept for addresses asked for by name (as KEP-3070's static band): what is handed
    /// out picks from above it first, so a Service applied later with a fixed address seldom finds it taken.
    /// </summary>
    private const long StaticBand = 256;

    private readonly Lock _lock = new();
    private readonly HashSet<string> _pendingAddresses = new(StringComparer.Ordinal);
    private readonly HashSet<int> _pendingPorts = [];

    /// <summary>
    /// Fills in <paramref name="service"/>'s cluster IP and node ports (from <paramref name="old"/> when it has them),
    /// or throws 422 as kube-apiserver words it. Dispose the result once the write is stored or failed.
    /// </summary>
    public IDisposable Assign(ResourceType type, string name, JsonObject service, JsonObject? old)
    {
        var spec = service["spec"] as JsonObject ?? [];
        service["spec"] = spec;
        lock (_lock)
        {
            var taken = Taken(service);
            var causes = new List<StatusCause>();
            var address = AssignAddress(spec, old?["spec"] as JsonObject, taken.Addresses, causes);
            var ports = AssignNodePorts(spec, old?["spec"] as JsonObject, taken.Ports, causes);
            if (causes.Count > 0)
            {
                throw ApiErrors.Invalid(type, name, causes);
            }

            if (address is not null)
            {
                _pendingAddresses.Add(address);
            }

            _pendingPorts.UnionWith(ports);
            return new Reservation(this, address, ports);
        }
    }

    private string? AssignAddress(JsonObject spec, JsonObject? old, HashSet<string> taken, List<StatusCause> causes)
    {
        var asked = (string?)spec["clusterIP"] is { Length: > 0 } single ? single : (string?)(spec["clusterIPs"] as JsonArray)?.FirstOrDefault();
        if ((string?)spec["type"] == "ExternalName")
        {
            if (asked is { Length: > 0 } && asked != "None")
            {
                causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{asked}\": may not be set for ExternalName services", "spec.clusterIPs"));
            }

            foreach (var field in new[] { "clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy" })
            {
                spec.Remove(field);
            }

            return null;
        }

        var had = (string?)old?["clusterIP"] is { Length: > 0 } oldAddress && (string?)old["type"] != "ExternalName" ? oldAddress : null;
        if (had is not null && asked is { Length: > 0 } && asked != had)
        {
            causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{asked}\": may not change once set", "spec.clusterIPs[0]"));
            return null;
        }

        string? allocated = null;
        var address = had ?? asked;
        if (address is null)
        {
            address = allocated = Free(taken) ?? Fail(causes, $"Internal error occurred: failed to allocate a serviceIP: range is full");
        }
        else if (had is null && address != "None")
        {
            if (!IPAddress.TryParse(address, out var parsed) || !range.Holds(parsed))
            {
                causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: []string{{\"{address}\"}}: failed to allocate IP {address}: provided IP ({address}) is not in the valid range. The range of valid IPs is {range}", "spec.clusterIPs"));
            }
            else if (!taken.Add(parsed.ToString()))
            {
                causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: []string{{\"{address}\"}}: failed to allocate IP {address}: provided IP is already allocated", "spec.clusterIPs"));
            }
            else
            {
                allocated = parsed.ToString();
                address = allocated;
            }
        }

        spec["clusterIP"] = address;
        spec["clusterIPs"] = new JsonArray(address);
        spec["ipFamilies"] ??= new JsonArray("IPv4");
        spec["ipFamilyPolicy"] ??= "SingleStack";
        return allocated;
    }

    private static List<int> AssignNodePorts(JsonObject spec, JsonObject? old, HashSet<int> taken, List<StatusCause> causes)
    {
        var allocated = new List<int>();
        var wanted = (string?)spec["type"] is "NodePort" or "LoadBalancer";
        var ports = (spec["ports"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var oldPorts = (string?)old?["type"] is "NodePort" or "LoadBalancer" ? (old!["ports"] as JsonArray ?? []).OfType<JsonObject>().ToList() : [];
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            var field = string.Create(CultureInfo.InvariantCulture, $"spec.ports[{i}].nodePort");
            var asked = (int?)port["nodePort"];
            if (!wanted)
            {
                if (asked is not null and not 0)
                {
                    causes.Add(new StatusCause("FieldValueForbidden", $"Forbidden: may not be used when `type` is '{(string?)spec["type"] ?? "ClusterIP"}'", field));
                }

                port.Remove("nodePort");
                continue;
            }

            var had = oldPorts.FirstOrDefault(o => (int?)o["port"] == (int?)port["port"] && (string?)o["protocol"] == (string?)port["protocol"])?["nodePort"] is JsonValue kept ? (int?)kept : null;
            if (asked is null or 0 && had is { } keep)
            {
                port["nodePort"] = keep;
            }
            else if (asked is null or 0)
            {
                var free = Enumerable.Range(FirstNodePort, LastNodePort - FirstNodePort + 1).Where(p => !taken.Contains(p)).ToList();
                if (free.Count == 0)
                {
                    causes.Add(new StatusCause("FieldValueInvalid", "Invalid value: 0: failed to allocate a nodePort: range is full", field));
                    continue;
                }

                var picked = free[Random.Shared.Next(free.Count)];
                taken.Add(picked);
                allocated.Add(picked);
                port["nodePort"] = picked;
            }
            else if (asked != had)
            {
                if (asked is < FirstNodePort or > LastNodePort)
                {
                    causes.Add(new StatusCause("FieldValueInvalid", string.Create(CultureInfo.InvariantCulture, $"Invalid value: {asked}: provided port is not in the valid range. The range of valid ports is {FirstNodePort}-{LastNodePort}"), field));
                }
                else if (!taken.Add(asked.Value))
                {
                    causes.Add(new StatusCause("FieldValueInvalid", string.Create(CultureInfo.InvariantCulture, $"Invalid value: {asked}: provided port is already allocated"), field));
                }
                else
                {
                    allocated.Add(asked.Value);
                }
            }
        }

        return allocated;
    }

    /// <summary>A free address, from above the static band first, picked at random as kube-apiserver picks.</summary>
    private string? Free(HashSet<string> taken)
    {
        var first = range.Size > StaticBand * 2 ? StaticBand + 1 : 1;
        for (var pass = 0; pass < 2; pass++)
        {
            var count = range.Size - first + 1;
            var start = Random.Shared.NextInt64(count);
            for (long i = 0; i < count; i++)
            {
                var candidate = range.At(first + ((start + i) % count)).ToString();
                if (taken.Add(candidate))
                {
                    return candidate;
                }
            }

            first = 1;
        }

        return null;
    }

    private static string? Fail(List<StatusCause> causes, string message)
    {
        causes.Add(new StatusCause("InternalError", message, "spec.clusterIPs"));
        return null;
    }

    /// <summary>The cluster IPs and node ports of every other stored Service, and of writes under way.</summary>
    private (HashSet<string> Addresses, HashSet<int> Ports) Taken(JsonObject service)
    {
        var self = new ObjectKey((string?)service["metadata"]?["namespace"] ?? string.Empty, (string?)service["metadata"]?["name"] ?? string.Empty);
        var addresses = new HashSet<string>(_pendingAddresses, StringComparer.Ordinal) { range.ApiServer.ToString() };
        var ports = new HashSet<int>(_pendingPorts);
        foreach (var stored in store.List(BuiltInResources.Services.StorageKey, null).Items.Where(s => s.Key != self))
        {
            var spec = stored.ToJson()["spec"];
            if ((string?)spec?["clusterIP"] is { Length: > 0 } address && address != "None")
            {
                addresses.Add(address);
            }

            ports.UnionWith((spec?["ports"] as JsonArray ?? []).Select(p => (int?)p?["nodePort"]).OfType<int>());
        }

        // The API server's Service has the first address whether it exists yet or not.
        if (self is { Namespace: "default", Name: "kubernetes" })
        {
            addresses.Remove(range.ApiServer.ToString());
        }

        return (addresses, ports);
    }

    private sealed class Reservation(ServiceAllocations owner, string? address, List<int> ports) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._lock)
            {
                if (address is not null)
                {
                    owner._pendingAddresses.Remove(address);
                }

                owner._pendingPorts.ExceptWith(ports);
            }
        }
    }
}
