using System.Globalization;

namespace Airwave.Signaling.Tests.Browser;

/// <summary>
/// A network namespace of the test's own, joined to this one by a veth pair: <see cref="HostAddress"/> is this side's
/// end, <see cref="InsideAddress"/> the namespace's. Chromium never offers loopback addresses as WebRTC candidates, so
/// browsers run inside, where the veth address is theirs; the services they use listen on <see cref="HostAddress"/>.
/// Disposing deletes the namespace, which takes the pair with it.
/// </summary>
public sealed class NetworkNamespace : IAsyncDisposable
{
    private NetworkNamespace(string name, string hostInterface, string hostAddress, string insideAddress)
    {
        Name = name;
        HostInterface = hostInterface;
        HostAddress = hostAddress;
        InsideAddress = insideAddress;
    }

    public string Name { get; }

    /// <summary>This side's end of the veth pair, the interface <see cref="HostAddress"/> is on.</summary>
    public string HostInterface { get; }

    public string HostAddress { get; }

    public string InsideAddress { get; }

    public static async Task<NetworkNamespace> CreateAsync()
    {
        // A /30 of its own in 10.213.0.0/16 per namespace, so test classes running side by side do not collide.
        var block = Random.Shared.Next(0, 16384) * 4;
        var prefix = $"10.213.{(block / 256).ToString(CultureInfo.InvariantCulture)}.";
        var id = Guid.NewGuid().ToString("N")[..8];
        var (name, hostEnd, insideEnd) = ($"aw-{id}", $"awh{id}", $"awn{id}");
        var hostAddress = prefix + ((block % 256) + 1).ToString(CultureInfo.InvariantCulture);
        var insideAddress = prefix + ((block % 256) + 2).ToString(CultureInfo.InvariantCulture);
        var space = new NetworkNamespace(name, hostEnd, hostAddress, insideAddress);
        try
        {
            await IpAsync("netns", "add", name);
            await IpAsync("link", "add", hostEnd, "type", "veth", "peer", "name", insideEnd);
            await IpAsync("link", "set", insideEnd, "netns", name);
            await IpAsync("addr", "add", $"{hostAddress}/30", "dev", hostEnd);
            await IpAsync("link", "set", hostEnd, "up");
            await IpAsync("-n", name, "addr", "add", $"{insideAddress}/30", "dev", insideEnd);
            await IpAsync("-n", name, "link", "set", insideEnd, "up");
            await IpAsync("-n", name, "link", "set", "lo", "up");
        }
        catch
        {
            await space.DisposeAsync();
            throw;
        }

        return space;
    }

    public async ValueTask DisposeAsync() => await ProcessRunner.RunAsync("ip", ["netns", "del", Name], TimeSpan.FromSeconds(30));

    private static async Task IpAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("ip", arguments, TimeSpan.FromSeconds(30));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)}: {result}");
        }
    }
}
