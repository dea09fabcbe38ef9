using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Admission;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Rest;
using Airwave.Sandbox.Kubernetes.Storage;
using Airwave.Sandbox.Kubernetes.Watch;
using Airwave.Sandbox.Kubernetes.Workloads;

namespace Airwave.Sandbox.Kubernetes.Networking;

/// <summary>
/// kube-proxy for the sandbox's node: each TCP and UDP port of a Service with a cluster IP is listened on at that
/// address (and at the node's address on its node port), and each connection (each UDP client) is passed to one of
/// the Service's ready endpoints, picked at random, as kube-proxy's iptables rules pick; with none ready, the
/// connection is refused (the datagram dropped). A
/// LoadBalancer Service gets its cluster IP as its load balancer's address, reachable from this machine (as local
/// clusters' load balancer controllers hand out an address the host reaches). An address it cannot listen on (a port
/// taken, or below 1024 without the right to it) is reported as a Warning event on the Service. The cluster DNS's
/// Service is left to the DNS server, which listens on its address.
/// </summary>
internal sealed class ServiceProxy(ResourceService service, ServiceEndpoints endpoints, string nodeAddress, IPAddress? clusterDns, TimeProvider time)
{
    private static readonly StorageKey Services = BuiltInResources.Services.StorageKey;

    private readonly Dictionary<(IPEndPoint At, string Protocol), IServiceListener> _listeners = [];
    private readonly HashSet<(string Uid, IPEndPoint At, string Protocol)> _reported = [];

    public async Task RunAsync(CancellationToken ct)
    {
        using var subscription = service.Store.Watch(new WatchFilter(Services, null, null), null);
        try
        {
            Sync();
            while (await subscription.Events.WaitToReadAsync(ct))
            {
                while (subscription.Events.TryRead(out _))
                {
                }

                Sync();
            }
        }
        finally
        {
            await Task.WhenAll(_listeners.Values.Select(l => l.DisposeAsync().AsTask()));
        }
    }

    private void Sync()
    {
        var wanted = new Dictionary<(IPEndPoint At, string Protocol), (StoredObject Service, string PortName)>();
        foreach (var stored in service.Store.List(Services, null).Items.Where(s => !s.IsDeleting))
        {
            var spec = stored.ToJson()["spec"];
            // The cluster DNS answers at its Service's address itself, UDP and TCP.
            if (!IPAddress.TryParse((string?)spec?["clusterIP"], out var clusterIp) || clusterIp.Equals(clusterDns))
            {
                continue;
            }

            foreach (var port in (spec!["ports"] as JsonArray ?? []).OfType<JsonObject>().Where(p => (string?)p["protocol"] is null or "TCP" or "UDP"))
            {
                var portName = (string?)port["name"] ?? "";
                var protocol = (string?)port["protocol"] ?? "TCP";
                wanted[(new IPEndPoint(clusterIp, (int?)port["port"] ?? 0), protocol)] = (stored, portName);
                if ((int?)port["nodePort"] is { } nodePort and > 0)
                {
                    wanted[(new IPEndPoint(IPAddress.Parse(nodeAddress), nodePort), protocol)] = (stored, portName);
                }
            }

            if ((string?)spec["type"] == "LoadBalancer")
            {
                AnnounceLoadBalancer(stored, clusterIp);
            }
        }

        foreach (var (at, listener) in _listeners.Where(l => !wanted.TryGetValue(l.Key, out var target) || !l.Value.Serves(target.Service.Key, target.PortName)).ToList())
        {
            _listeners.Remove(at);
            _ = listener.DisposeAsync().AsTask();
        }

        foreach (var ((at, protocol), (svc, portName)) in wanted.Where(w => !_listeners.ContainsKey(w.Key)))
        {
            try
            {
                _listeners[(at, protocol)] = protocol == "UDP"
                    ? UdpServiceListener.Start(at, svc.Key, portName, () => Pick(svc.Key, portName), time)
                    : TcpServiceListener.Start(at, svc.Key, portName, () => Pick(svc.Key, portName));
            }
            catch (SocketException e) when (_reported.Add((svc.Uid, at, protocol)))
            {
                Report(svc, string.Create(CultureInfo.InvariantCulture, $"cannot listen on {at}/{protocol} for port {(portName.Length > 0 ? portName : at.Port.ToString(CultureInfo.InvariantCulture))}: {e.Message}"));
            }
            catch (SocketException)
            {
                // Reported once already; tried again at the next change.
            }
        }
    }

    private IPEndPoint? Pick(ObjectKey svc, string portName)
    {
        var ready = endpoints.Ready(svc.Namespace, svc.Name, portName);
        return ready.Count > 0 ? ready[Random.Shared.Next(ready.Count)] : null;
    }

    private void AnnounceLoadBalancer(StoredObject svc, IPAddress clusterIp)
    {
        var obj = svc.ToJson();
        var ingress = obj["status"]?["loadBalancer"]?["ingress"] as JsonArray;
        if (ingress is { Count: 1 } && (string?)ingress[0]?["ip"] == clusterIp.ToString())
        {
            return;
        }

        obj["status"] = new JsonObject
        {
            ["loadBalancer"] = new JsonObject { ["ingress"] = new JsonArray(new JsonObject { ["ip"] = clusterIp.ToString(), ["ipMode"] = "VIP" }) },
        };
        try
        {
            service.Update(BuiltInResources.Services, svc.Key.Namespace, svc.Key.Name, "status", obj, WriteOptions.Default);
        }
        catch (ApiException)
        {
            // Changed meanwhile: the change brings it back here.
        }
    }

    private void Report(StoredObject svc, string message)
    {
        try
        {
            ControllerEvents.Record(service, BuiltInResources.Services, svc, "kube-proxy", "Warning", "FailedToListen", message, time.GetUtcNow());
        }
        catch (ApiException)
        {
            // The namespace is going away.
        }
    }
}
