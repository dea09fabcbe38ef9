using System.Net;
using System.Net.Sockets;

namespace Airwave.Sandbox.Kubernetes.Networking;

/// <summary>
/// Where Services get their cluster IPs: a block of the machine's loopback network (127.0.0.0/8 answers on every
/// address with no set-up), so that a cluster IP really answers on this machine, as it does on a cluster's nodes.
/// As in kubeadm's clusters, the first address is the API server's Service (<c>kubernetes</c>) and the tenth the
/// cluster DNS's (<c>kube-dns</c>).
/// </summary>
public sealed record ServiceRange
{
    private ServiceRange(IPNetwork network) => Network = network;

    public IPNetwork Network { get; }

    /// <summary>How many addresses Services can have (the network's and its broadcast address left out).</summary>
    public long Size => (1L << (32 - Network.PrefixLength)) - 2;

    /// <summary>The API server's Service's address: the range's first.</summary>
    public IPAddress ApiServer => At(1);

    /// <summary>The cluster DNS's Service's address: the range's tenth.</summary>
    public IPAddress Dns => At(10);

    /// <summary>A /16 of loopback picked at random (127.20.0.0 to 127.99.0.0; the pods' addresses are above 127.99), so two sandboxes on one machine seldom share one.</summary>
    public static ServiceRange Random() => new(new IPNetwork(new IPAddress([127, (byte)System.Random.Shared.Next(20, 100), 0, 0]), 16));

    /// <summary>A CIDR inside 127.0.0.0/8 with room for the two reserved addresses (a /8 to a /27).</summary>
    public static ServiceRange Parse(string cidr)
    {
        if (!IPNetwork.TryParse(cidr, out var network) || network.BaseAddress.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"service range \"{cidr}\" is not an IPv4 CIDR such as 127.42.0.0/16", nameof(cidr));
        }

        if (network.PrefixLength is < 8 or > 27 || network.BaseAddress.GetAddressBytes()[0] != 127)
        {
            throw new ArgumentException($"service range \"{cidr}\" must be inside 127.0.0.0/8, from a /8 to a /27: cluster IPs answer on this machine's loopback", nameof(cidr));
        }

        return new ServiceRange(network);
    }

    /// <summary>The address <paramref name="offset"/> past the network's own (1 is the first usable).</summary>
    public IPAddress At(long offset)
    {
        var bytes = Network.BaseAddress.GetAddressBytes();
        var value = ((uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3]) + (uint)offset;
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
    }

    /// <summary>Whether Services may have <paramref name="address"/>: inside the range, not its network or broadcast address.</summary>
    public bool Holds(IPAddress address) =>
        Network.Contains(address) && !address.Equals(Network.BaseAddress) && !address.Equals(At(Size + 1));

    public override string ToString() => Network.ToString();
}
