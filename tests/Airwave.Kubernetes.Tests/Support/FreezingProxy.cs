using System.Net;
using System.Net.Sockets;

namespace Airwave.Kubernetes.Tests.Support;

/// <summary>
/// A TCP relay to a local server whose open connections can be frozen: they stay open but carry nothing either way,
/// as a connection does behind a NAT or load balancer that dropped it silently. New connections relay normally.
/// </summary>
internal sealed class FreezingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<(Socket Client, Socket Upstream, CancellationTokenSource Relay)> _connections = [];
    private readonly Task _accepting;

    public FreezingProxy(int target)
    {
        _target = target;
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Stops relaying on every connection open now, without closing any.</summary>
    public void FreezeOpenConnections()
    {
        lock (_gate)
        {
            foreach (var connection in _connections)
            {
                connection.Relay.Cancel();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_gate)
        {
            foreach (var (client, upstream, relay) in _connections)
            {
                relay.Cancel();
                client.Dispose();
                upstream.Dispose();
                relay.Dispose();
            }
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await upstream.ConnectAsync(IPAddress.Loopback, _target);
            var relay = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            lock (_gate)
            {
                _connections.Add((client, upstream, relay));
            }

            _ = PumpAsync(client, upstream, relay.Token);
            _ = PumpAsync(upstream, client, relay.Token);
        }
    }

    private static async Task PumpAsync(Socket from, Socket to, CancellationToken frozen)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, frozen);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), frozen);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Frozen (the sockets stay open, silent) or closed.
        }
    }
}
