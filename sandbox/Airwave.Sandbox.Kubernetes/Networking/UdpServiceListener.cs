using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Networking;

/// <summary>
/// One UDP port of a Service: each client address gets a session to the endpoint <c>pick</c> names when its first
/// datagram comes (kube-proxy's conntrack entry), its datagrams passed there and the answers passed back, until it
/// has been quiet for 30 seconds (conntrack's UDP timeout). With no endpoint, datagrams are dropped.
/// </summary>
internal sealed class UdpServiceListener : IServiceListener
{
    private const int MaxSessions = 1024;
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);

    private readonly Socket _socket;
    private readonly ObjectKey _service;
    private readonly string _portName;
    private readonly Func<IPEndPoint?> _pick;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<IPEndPoint, Session> _sessions = new();
    private readonly Task _receiving;

    private UdpServiceListener(Socket socket, ObjectKey service, string portName, Func<IPEndPoint?> pick, TimeProvider time)
    {
        _socket = socket;
        _service = service;
        _portName = portName;
        _pick = pick;
        _time = time;
        _receiving = ReceiveAsync();
    }

    /// <summary>Binds <paramref name="at"/>; throws <see cref="SocketException"/> when it cannot.</summary>
    public static UdpServiceListener Start(IPEndPoint at, ObjectKey service, string portName, Func<IPEndPoint?> pick, TimeProvider time)
    {
        var socket = new Socket(at.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(at);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new UdpServiceListener(socket, service, portName, pick, time);
    }

    public bool Serves(ObjectKey service, string portName) => _service == service && _portName == portName;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _receiving;
        foreach (var session in _sessions.Values)
        {
            await session.DisposeAsync();
        }

        _stop.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        var nextSweep = _time.GetUtcNow() + IdleTimeout;
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveFromAsync(buffer, any, _stop.Token);
                var client = (IPEndPoint)received.RemoteEndPoint;
                if (_time.GetUtcNow() >= nextSweep)
                {
                    nextSweep = _time.GetUtcNow() + IdleTimeout;
                    await SweepAsync();
                }

                if (SessionOf(client) is { } session)
                {
                    session.LastSeen = _time.GetUtcNow();
                    await session.Upstream.SendAsync(buffer.AsMemory(0, received.ReceivedBytes), _stop.Token);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }

    /// <summary>The client's session, made on its first datagram; null when there is no endpoint or too many sessions.</summary>
    private Session? SessionOf(IPEndPoint client)
    {
        if (_sessions.TryGetValue(client, out var session))
        {
            return session;
        }

        if (_sessions.Count >= MaxSessions || _pick() is not { } endpoint)
        {
            return null;
        }

        var upstream = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        upstream.Connect(endpoint);
        session = new Session(upstream, _time.GetUtcNow());
        session.Answering = AnswerAsync(session, client);
        _sessions[client] = session;
        return session;
    }

    private async Task AnswerAsync(Session session, IPEndPoint client)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await session.Upstream.ReceiveAsync(buffer, session.Stop.Token)) >= 0)
            {
                session.LastSeen = _time.GetUtcNow();
                await _socket.SendToAsync(buffer.AsMemory(0, read), client, session.Stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The session ended, or the endpoint is gone (an ICMP unreachable): the next datagram finds a new one.
            _sessions.TryRemove(new KeyValuePair<IPEndPoint, Session>(client, session));
        }
    }

    private async Task SweepAsync()
    {
        foreach (var (client, session) in _sessions.Where(s => _time.GetUtcNow() - s.Value.LastSeen > IdleTimeout).ToList())
        {
            _sessions.TryRemove(client, out _);
            await session.DisposeAsync();
        }
    }

    private sealed class Session(Socket upstream, DateTimeOffset lastSeen) : IAsyncDisposable
    {
        public Socket Upstream { get; } = upstream;

        public CancellationTokenSource Stop { get; } = new();

        public DateTimeOffset LastSeen { get; set; } = lastSeen;

        public Task Answering { get; set; } = Task.CompletedTask;

        public async ValueTask DisposeAsync()
        {
            await Stop.CancelAsync();
            Upstream.Dispose();
            await Answering;
            Stop.Dispose();
        }
    }
}
