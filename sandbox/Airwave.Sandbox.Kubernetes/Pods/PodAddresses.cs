using System.Globalization;

namespace Airwave.Sandbox.Kubernetes.Pods;

/// <summary>
/// The pods' IP addresses. The sandbox's pods share the machine's network, with no namespace of their own, so each
/// gets an address of its own on the loopback network (all of 127.0.0.0/8 is the machine's, no set-up needed): pods
/// that listen on their own address (status.podIP) do not collide on a port, as in a cluster. One /16 per kubelet,
/// picked at random, so that two sandboxes on one machine seldom share one; an address is free again once its pod's
/// processes have ended.
/// </summary>
internal sealed class PodAddresses
{
    private const int Hosts = 254 * 254;

    private readonly Lock _lock = new();
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
    private readonly int _network = Random.Shared.Next(100, 250);

    /// <summary>The lowest free address (127.N.x.y, x and y from 1 to 254).</summary>
    public string Take()
    {
        lock (_lock)
        {
            for (var host = 0; host < Hosts; host++)
            {
                var address = string.Create(CultureInfo.InvariantCulture, $"127.{_network}.{(host / 254) + 1}.{(host % 254) + 1}");
                if (_taken.Add(address))
                {
                    return address;
                }
            }
        }

        throw new InvalidOperationException($"all {Hosts} pod addresses of 127.{_network}.0.0/16 are taken");
    }

    public void Release(string address)
    {
        lock (_lock)
        {
            _taken.Remove(address);
        }
    }
}
