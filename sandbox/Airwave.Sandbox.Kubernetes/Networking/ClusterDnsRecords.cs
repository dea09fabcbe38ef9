using System.Net;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Admission;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Networking;

/// <summary>What a name under the cluster domain stands for; null from <see cref="ClusterDnsRecords.Find"/> when nothing.</summary>
/// <param name="Addresses">A records: a Service's cluster IP, a headless Service's ready endpoints, a pod's address.</param>
/// <param name="Alias">An ExternalName Service's name (a CNAME).</param>
/// <param name="Services">SRV records: a named port's port and the names that serve it.</param>
internal sealed record ClusterDnsRecord(IReadOnlyList<IPAddress> Addresses, string? Alias, IReadOnlyList<(int Port, string Target)> Services);

/// <summary>
/// The names the Kubernetes DNS specification gives a cluster, read from the Services and EndpointSlices stored:
/// <c>SVC.NS.svc.DOMAIN</c> (the cluster IP; a headless Service's ready endpoints; an ExternalName's alias),
/// <c>HOSTNAME.SVC.NS.svc.DOMAIN</c> for a headless Service's endpoints with a hostname (StatefulSets' pods) or by
/// their dashed address, <c>_PORT._PROTO.SVC.NS.svc.DOMAIN</c> SRV records for named ports, and
/// <c>A-B-C-D.NS.pod.DOMAIN</c>.
/// </summary>
internal sealed class ClusterDnsRecords(ObjectStore store, ServiceEndpoints endpoints, string domain)
{
    private static readonly StorageKey Services = BuiltInResources.Services.StorageKey;

    /// <summary>Whether <paramref name="name"/> (lower case, without the final dot) is under the cluster domain, whose names this answers alone.</summary>
    public bool Covers(string name) => name == domain || name.EndsWith("." + domain, StringComparison.Ordinal);

    public ClusterDnsRecord? Find(string name)
    {
        if (!Covers(name) || name.Length == domain.Length)
        {
            return null;
        }

        var labels = name[..^(domain.Length + 1)].Split('.');
        return labels switch
        {
            [var svc, var ns, "svc"] => Service(ns, svc),
            [var host, var svc, var ns, "svc"] when !host.StartsWith('_') => Endpoint(ns, svc, host),
            [['_', .. var port], ['_', .. var protocol], var svc, var ns, "svc"] => Srv(ns, svc, port, protocol),
            [var dashed, _, "pod"] when IPAddress.TryParse(dashed.Replace('-', '.'), out var address) && dashed.Count(c => c == '-') == 3 => new([address], null, []),
            _ => null,
        };
    }

    private ClusterDnsRecord? Service(string ns, string name)
    {
        if (store.Get(Services, new ObjectKey(ns, name))?.ToJson()["spec"] is not JsonObject spec)
        {
            return null;
        }

        if ((string?)spec["type"] == "ExternalName")
        {
            return new([], ((string?)spec["externalName"])?.TrimEnd('.'), []);
        }

        return (string?)spec["clusterIP"] is { } clusterIp && IPAddress.TryParse(clusterIp, out var address)
            ? new([address], null, [])
            : new([.. ReadyEndpoints(ns, name).Select(e => e.Address)], null, []);
    }

    private ClusterDnsRecord? Endpoint(string ns, string svc, string host)
    {
        var found = ReadyEndpoints(ns, svc).Where(e => e.Label == host).Select(e => e.Address).ToList();
        return found.Count > 0 ? new(found, null, []) : null;
    }

    private ClusterDnsRecord? Srv(string ns, string svc, string portName, string protocol)
    {
        if (store.Get(Services, new ObjectKey(ns, svc))?.ToJson()["spec"] is not JsonObject spec
            || !(spec["ports"] as JsonArray ?? []).OfType<JsonObject>().Any(p => (string?)p["name"] == portName && string.Equals((string?)p["protocol"] ?? "TCP", protocol, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var serviceName = $"{svc}.{ns}.svc.{domain}";
        if ((string?)spec["clusterIP"] is { } clusterIp && clusterIp != "None")
        {
            var port = (spec["ports"] as JsonArray ?? []).OfType<JsonObject>().First(p => (string?)p["name"] == portName);
            return new([], null, [((int?)port["port"] ?? 0, serviceName)]);
        }

        return new([], null, [.. ReadyEndpoints(ns, svc, portName).Select(e => (e.Port, $"{e.Label}.{serviceName}"))]);
    }

    /// <summary>A headless Service's ready endpoints: each address, its label (hostname, or dashed address) and the port of that name.</summary>
    private IEnumerable<(IPAddress Address, string Label, int Port)> ReadyEndpoints(string ns, string svc, string portName = "") =>
        endpoints.ReadyEndpoints(ns, svc, portName).Select(e => (e.Address, e.Hostname ?? e.Address.ToString().Replace('.', '-'), e.Port ?? 0));
}
