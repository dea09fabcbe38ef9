using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Airwave.Sandbox.Aws.Media;

/// <summary>
/// The input destination's public port: admits a connection only from an address the input's security group
/// allows, as MediaLive drops any other, and relays it to the pipeline's ffmpeg on a private port. With a certificate
/// it is an RTMPS endpoint, as IVS's ingest is: TLS ends here and ffmpeg gets plain RTMP. A publisher whose stream
/// name is not the destination's (a wrong stream key) is cut off when it publishes (<see cref="RtmpPublishCheck"/>).
/// </summary>
internal sealed class InputRelay : IAsyncDisposable
{
    private static readonly TimeSpan ConnectPatience = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan HandshakePatience = TimeSpan.FromSeconds(10);

    private readonly TcpListener _listener;
    private readonly IReadOnlyList<IPNetwork> _allowed;
    private readonly int _target;
    private readonly string _streamName;
    private readonly string _allowedCidrs;
    private readonly PushRefusals _refusals;
    private readonly VideoPresence? _video;
    private readonly X509Certificate2? _certificate;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly Lock _lock = new();
    private CancellationTokenSource _drop = new();
    private int _relaying;

    /// <param name="allowedCidrs">The security group's whitelist, comma-separated.</param>
    /// <param name="streamName">What a publisher must publish: <c>{app}/{stream}</c>.</param>
    /// <param name="refusals">Where the connections and publishes it refuses are told.</param>
    /// <param name="certificate">For RTMPS: the certificate TLS is served with; null for plain RTMP.</param>
    /// <param name="video">A MediaLive pipeline's: told when a publish is taken, and when it ends.</param>
    public InputRelay(int port, string allowedCidrs, int target, string streamName, PushRefusals refusals, X509Certificate2? certificate, TimeProvider time, VideoPresence? video = null)
    {
        _video = video;
        _streamName = streamName;
        _allowedCidrs = allowedCidrs;
        _refusals = refusals;
        _allowed = [.. allowedCidrs.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(c => IPNetwork.Parse(c))];
        _target = target;
        _certificate = certificate;
        _time = time;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>Since when a publisher's connection is relayed to ffmpeg; null while none is.</summary>
    public DateTimeOffset? RelayingSince { get; private set; }

    /// <summary>Closes the connections relayed now (IVS's StopStream); the port takes new ones.</summary>
    public void Drop()
    {
        lock (_lock)
        {
            _drop.Cancel();
            _drop.Dispose();
            _drop = new CancellationTokenSource();
        }
    }

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
            catch (Exception error) when (error is OperationCanceledException || _stop.IsCancellationRequested)
            {
                // Stopping: the listener may be closed between the loop's check and the accept (a publisher refused
                // just as the channel's security group changed), which fails the accept instead of cancelling it.
                break;
            }
            var address = ((IPEndPoint)client.RemoteEndPoint!).Address;
            if (address.IsIPv4MappedToIPv6)
            {
                address = address.MapToIPv4();
            }
            if (!_allowed.Any(network => network.Contains(address)))
            {
                _refusals.OutsideAllowedCidrs(address, _allowedCidrs);
                client.Dispose();
                continue;
            }
            connections.RemoveAll(c => c.IsCompleted);
            connections.Add(RelayAsync(client, address));
        }
        await Task.WhenAll(connections);
    }

    private async Task RelayAsync(Socket client, IPAddress address)
    {
        using (client)
        {
            await using var clientStream = await OpenAsync(client);
            if (clientStream is null)
            {
                return;
            }
            using var upstream = await ConnectAsync();
            if (upstream is null)
            {
                return;
            }
            await using var upstreamStream = new NetworkStream(upstream, ownsSocket: false);
            CancellationToken dropped;
            lock (_lock)
            {
                dropped = _drop.Token;
            }
            using var done = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, dropped);
            Relaying(+1);
            try
            {
                var forward = PublishAsync(clientStream, upstreamStream, address, done.Token);
                var backward = PumpAsync(upstreamStream, clientStream, done.Token);

                // When either side closes, so does the other: a publisher's end of stream reaches ffmpeg, and ffmpeg's refusal the publisher.
                await Task.WhenAny(forward, backward);
                await done.CancelAsync();
                upstream.Shutdown(SocketShutdown.Both);
                client.Shutdown(SocketShutdown.Both);
                await Task.WhenAll(forward, backward);
            }
            finally
            {
                Relaying(-1);
            }
        }
    }

    /// <summary>The publisher's side: the socket itself, or TLS over it for RTMPS; null when the TLS handshake fails.</summary>
    private async Task<Stream?> OpenAsync(Socket client)
    {
        var plain = new NetworkStream(client, ownsSocket: false);
        if (_certificate is null)
        {
            return plain;
        }
        var tls = new SslStream(plain, leaveInnerStreamOpen: false);
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        patience.CancelAfter(HandshakePatience);
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, patience.Token);
            return tls;
        }
        catch (Exception error) when (error is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
        {
            // A client that does not speak TLS (plain RTMP to an RTMPS endpoint) is dropped, as the service drops it.
            await tls.DisposeAsync();
            return null;
        }
    }

    private void Relaying(int change)
    {
        lock (_lock)
        {
            _relaying += change;
            RelayingSince = _relaying == 0 ? null : RelayingSince ?? _time.GetUtcNow();
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

    /// <summary>The publisher's bytes to ffmpeg, read until it publishes: a wrong stream name ends the relay before its media passes.</summary>
    private async Task PublishAsync(Stream from, Stream to, IPAddress address, CancellationToken cancellationToken)
    {
        var check = RtmpPublishCheck.For(_streamName);
        var buffer = new byte[16 * 1024];
        try
        {
            while (check.Verdict is null)
            {
                var read = await from.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    return;
                }

                if (check.Read(buffer.AsSpan(0, read)) == false)
                {
                    _refusals.UnknownStreamName(address);
                    return;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (Exception error) when (error is IOException or OperationCanceledException or ObjectDisposedException)
        {
            return;
        }

        _refusals.Published();
        _video?.Arrived();
        try
        {
            await PumpAsync(from, to, cancellationToken);
        }
        finally
        {
            _video?.Left();
        }
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
        _drop.Dispose();
    }
}
