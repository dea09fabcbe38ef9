using System.Collections.Concurrent;
using System.Net;

namespace Airwave.Signaling.Limits;

/// <summary>
/// How many sockets each client address holds open, up to a cap: one address (one machine, or one network behind a
/// NAT) cannot take every socket the service can hold. The address is the connection's, or the one a trusted proxy
/// forwarded (<see cref="Configuration.SignalingSettings.TrustedProxies"/>).
/// </summary>
public sealed class AddressSlots(int perAddress)
{
    private readonly ConcurrentDictionary<IPAddress, int> _held = new();

    public int PerAddress => perAddress;

    /// <summary>A slot for <paramref name="address"/>, given back when disposed; null when the address holds them all.</summary>
    public IDisposable? TryTake(IPAddress? address)
    {
        var key = KeyOf(address);
        while (true)
        {
            var held = _held.GetOrAdd(key, 0);
            if (held >= perAddress)
            {
                return null;
            }

            if (_held.TryUpdate(key, held + 1, held))
            {
                return new Slot(this, key);
            }
        }
    }

    /// <summary>What a client is counted under: its address, an IPv4 one alike however the socket carried it.</summary>
    public static IPAddress KeyOf(IPAddress? address) =>
        address is null ? IPAddress.None : address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private void Release(IPAddress key)
    {
        while (true)
        {
            var held = _held[key];
            if (held == 1 ? _held.TryRemove(KeyValuePair.Create(key, 1)) : _held.TryUpdate(key, held - 1, held))
            {
                return;
            }
        }
    }

    private sealed class Slot(AddressSlots owner, IPAddress key) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(key);
            }
        }
    }
}
