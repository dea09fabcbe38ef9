using System.Net;
using System.Net.Sockets;

namespace Airwave.Sandbox.Aws.Media;

/// <summary>
/// The input destination's public port: admits a connection only from an address the input's security group
/// allows, as MediaLive drops any other, and relays it to the pipeline's ffmpeg on a private port.
/// </summary>
internal sealed class InputRelay : IAsyncDisposable
{
    private static readonly TimeSpan ConnectPatience = TimeSpan.FromSeconds(3);

    private readonly TcpListener _listener;
    private readonly IReadOnlyList<IPNetwork> _allowed;
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    /// <param name="allowedCidrs">The security group's whitelist, comma-separated.</param>
    public InputRelay(int port, string allowedCidrs, int target)
    {
        _allowed = [.. allowedCidrs.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(c => IPNetwork.Parse(c))];
        _target = target;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>Connections dropped because the security group does not allow their address.</summary>
    public int Refused { get; private set; }

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            var address = ((IPEndPoint)client.RemoteEndPoint!).Address;
            if (address.IsIPv4MappedToIPv6)
            {
                address = address.MapToIPv4();
            }
            if (!_allowed.Any(network => network.Contains(address)))
            {
                Refused++;
                client.Dispose();
                continue;
            }
            connections.RemoveAll(c => c.IsCompleted);
            connections.Add(RelayAsync(client));
        }
        await Task.WhenAll(connections);
    }

    private async Task RelayAsync(Socket client)
    {
        using (client)
        {
            using var upstream = await ConnectAsync();
            if (upstream is null)
            {
                return;
            }
            await using var clientStream = new NetworkStream(client, ownsSocket: false);
            await using var upstreamStream = new NetworkStream(upstream, ownsSocket: false);
            using var done = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var forward = PumpAsync(clientStream, upstreamStream, done.Token);
            var backward = PumpAsync(upstreamStream, clientStream, done.Token);

            // When either side closes, so does the other: a publisher's end of stream reaches ffmpeg, and ffmpeg's refusal the publisher.
            await Task.WhenAny(forward, backward);
            await done.CancelAsync();
            upstream.Shutdown(SocketShutdown.Both);
            client.Shutdown(SocketShutdown.Both);
            await Task.WhenAll(forward, backward);
        }
    }

    /// <summary>ffmpeg listens again within moments of a publisher leaving; a publisher arriving meanwhile waits for it.</summary>
    private async Task<Socket?> ConnectAsync()
    {
        var deadline = DateTime.UtcNow + ConnectPatience;
        while (!_stop.IsCancellationRequested)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
                return socket;
            }
            catch (Exception error) when (error is SocketException or OperationCanceledException)
            {
                socket.Dispose();
                if (DateTime.UtcNow > deadline || error is OperationCanceledException)
                {
                    return null;
                }
                await Task.Delay(50);
            }
        }
        return null;
    }

    private static async Task PumpAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        try
        {
            await from.CopyToAsync(to, cancellationToken);
        }
        catch (Exception error) when (error is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The other side went away; the relay closes both.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
