using System.Net;
using System.Net.Sockets;
using Airwave.Sandbox.Kubernetes.Storage;
using Airwave.Sandbox.Kubernetes.Streaming;
using Airwave.Sandbox.Kubernetes.Streaming.PortForward;

namespace Airwave.Sandbox.Kubernetes.Networking;

/// <summary>
/// One address and port of a Service: each connection accepted goes to the endpoint <c>pick</c> names at that moment,
/// its bytes copied both ways; with no endpoint the connection is reset, as a refused one.
/// </summary>
internal sealed class TcpServiceListener : IServiceListener
{
    /// <summary>Connections at once per address; more wait in the backlog.</summary>
    private const int MaxConnections = 512;

    private readonly Socket _socket;
    private readonly ObjectKey _service;
    private readonly string _portName;
    private readonly Func<IPEndPoint?> _pick;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _slots = new(MaxConnections);
    private readonly Task _accepting;

    private TcpServiceListener(Socket socket, ObjectKey service, string portName, Func<IPEndPoint?> pick)
    {
        _socket = socket;
        _service = service;
        _portName = portName;
        _pick = pick;
        _accepting = AcceptAsync();
    }

    /// <summary>Listens on <paramref name="at"/>; throws <see cref="SocketException"/> when it cannot.</summary>
    public static TcpServiceListener Start(IPEndPoint at, ObjectKey service, string portName, Func<IPEndPoint?> pick)
    {
        var socket = new Socket(at.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(at);
            socket.Listen(128);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new TcpServiceListener(socket, service, portName, pick);
    }

    public bool Serves(ObjectKey service, string portName) => _service == service && _portName == portName;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                await _slots.WaitAsync(_stop.Token);
                var client = await _socket.AcceptAsync(_stop.Token);
                connections.RemoveAll(c => c.IsCompleted);
                connections.Add(ServeAsync(client));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }

        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(Socket client)
    {
        try
        {
            using (client)
            {
                if (_pick() is not { } endpoint)
                {
                    client.LingerState = new LingerOption(true, 0);
                    return;
                }

                await PortForwarder.ForwardAsync(endpoint.Address, endpoint.Port, new SocketChannel(client), _stop.Token);
            }
        }
        finally
        {
            _slots.Release();
        }
    }
}
