using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Pods;

/// <summary>
/// The /etc/hosts and /etc/resolv.conf the kubelet gives every container of a pod: the pod's own hostname (with its
/// subdomain's name, for a StatefulSet's pods) and hostAliases; the cluster DNS as nameserver, with the pod's
/// namespace first in the search path, as dnsPolicy and dnsConfig say. With dnsPolicy Default (or no cluster DNS)
/// the container resolves as the machine does.
/// </summary>
internal static class PodNetworkFiles
{
    private const string HostsHeader = """
        # Kubernetes-managed hosts file.
        127.0.0.1	localhost
        ::1	localhost ip6-localhost ip6-loopback
        fe00::0	ip6-localnet
        fe00::0	ip6-mcastprefix
        fe00::1	ip6-allnodes
        fe00::2	ip6-allrouters

        """;

    /// <summary>Writes the pod's files into <paramref name="directory"/> and returns the mounts that put them in place.</summary>
    public static IReadOnlyList<ContainerMount> Write(JsonObject pod, string address, IPAddress? clusterDns, string domain, string directory)
    {
        Directory.CreateDirectory(directory);
        var hosts = Path.Combine(directory, "etc-hosts");
        File.WriteAllText(hosts, Hosts(pod, address, domain));
        var mounts = new List<ContainerMount> { new(hosts, "/etc/hosts", ReadOnly: false) };
        if (ResolvConf(pod, clusterDns, domain) is { } resolv)
        {
            var path = Path.Combine(directory, "resolv.conf");
            File.WriteAllText(path, resolv);
            mounts.Add(new ContainerMount(path, "/etc/resolv.conf", ReadOnly: false));
        }

        return mounts;
    }

    /// <summary>
    /// The pod's hostname: spec.hostname, else its name cut to 63 characters (without a trailing '-' or '.'), as the
    /// kubelet sets it; the full name under its subdomain with setHostnameAsFQDN.
    /// </summary>
    public static string Hostname(JsonObject pod, string domain)
    {
        var spec = pod["spec"];
        var hostname = (string?)spec?["hostname"] is { Length: > 0 } named ? named : (string?)pod["metadata"]?["name"] ?? "";
        hostname = hostname.Length > 63 ? hostname[..63].TrimEnd('-', '.') : hostname;
        return (bool?)spec?["setHostnameAsFQDN"] == true && Fqdn(pod, hostname, domain) is { } fqdn ? fqdn : hostname;
    }

    private static string? Fqdn(JsonObject pod, string hostname, string domain) =>
        (string?)pod["spec"]?["subdomain"] is { Length: > 0 } subdomain ? $"{hostname}.{subdomain}.{(string?)pod["metadata"]?["namespace"]}.svc.{domain}" : null;

    private static string Hosts(JsonObject pod, string address, string domain)
    {
        var spec = pod["spec"];
        var hostname = Hostname(pod, domain).Split('.')[0];
        var text = new StringBuilder(HostsHeader);
        text.Append(Fqdn(pod, hostname, domain) is { } fqdn ? $"{address}\t{fqdn}\t{hostname}\n" : $"{address}\t{hostname}\n");
        if (spec?["hostAliases"] is JsonArray { Count: > 0 } aliases)
        {
            text.Append("\n# Entries added by HostAliases.\n");
            foreach (var alias in aliases.OfType<JsonObject>())
            {
                text.Append(CultureInfo.InvariantCulture, $"{(string?)alias["ip"]}\t{string.Join("\t", (alias["hostnames"] as JsonArray ?? []).Select(h => (string?)h))}\n");
            }
        }

        return text.ToString();
    }

    /// <summary>The pod's resolv.conf, or null when it resolves as the machine does.</summary>
    private static string? ResolvConf(JsonObject pod, IPAddress? clusterDns, string domain)
    {
        var spec = pod["spec"];
        var policy = (string?)spec?["dnsPolicy"] ?? "ClusterFirst";
        var hostNetwork = (bool?)spec?["hostNetwork"] == true;
        var config = spec?["dnsConfig"] as JsonObject;
        var useCluster = clusterDns is not null && (policy == "ClusterFirstWithHostNet" || (policy == "ClusterFirst" && !hostNetwork));
        if (policy != "None" && !useCluster)
        {
            return null;
        }

        var ns = (string?)pod["metadata"]?["namespace"];
        var nameservers = useCluster ? new List<string> { clusterDns!.ToString() } : [];
        var searches = useCluster ? new List<string> { $"{ns}.svc.{domain}", $"svc.{domain}", domain } : [];
        var options = useCluster ? new List<(string Name, string? Value)> { ("ndots", "5") } : [];
        nameservers.AddRange(Strings(config?["nameservers"]));
        searches.AddRange(Strings(config?["searches"]).Where(s => !searches.Contains(s)));
        foreach (var option in (config?["options"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = (string?)option["name"] ?? "";
            options.RemoveAll(o => o.Name == name);
            options.Add((name, (string?)option["value"]));
        }

        var text = new StringBuilder();
        if (searches.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"search {string.Join(' ', searches)}\n");
        }

        foreach (var nameserver in nameservers)
        {
            text.Append(CultureInfo.InvariantCulture, $"nameserver {nameserver}\n");
        }

        if (options.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"options {string.Join(' ', options.Select(o => o.Value is null ? o.Name : $"{o.Name}:{o.Value}"))}\n");
        }

        return text.ToString();
    }

    private static IEnumerable<string> Strings(JsonNode? array) => (array as JsonArray ?? []).Select(s => (string?)s).OfType<string>();
}
