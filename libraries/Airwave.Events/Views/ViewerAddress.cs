using System.Net;
using System.Net.Sockets;

namespace Airwave.Events.Views;

/// <summary>The viewer's address as events carry it: the connection's (or, through a trusted proxy, the one it forwarded), truncated where the installation asks.</summary>
public static class ViewerAddress
{
    public static string? Of(IPAddress? address, bool truncate)
    {
        if (address is null)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return truncate ? Truncate(address).ToString() : address.ToString();
    }

    /// <summary>IPv4 to its /24, IPv6 to its /48: the network, not the household.</summary>
    public static IPAddress Truncate(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var bytes = address.GetAddressBytes();
        var keep = address.AddressFamily == AddressFamily.InterNetwork ? 3 : 6;
        Array.Clear(bytes, keep, bytes.Length - keep);
        return new IPAddress(bytes);
    }
}
