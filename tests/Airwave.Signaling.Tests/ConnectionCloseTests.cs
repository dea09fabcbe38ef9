using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Airwave.Signaling.Connections;
using Airwave.Signaling.Metrics;
using Airwave.Signaling.Protocol;
using Airwave.Signaling.Sites;
using PrometheusMetrics = Prometheus.Metrics;

namespace Airwave.Signaling.Tests;

/// <summary>A connection the service closes tells the page why, whatever is sent to it meanwhile, and ends even when the page does not answer.</summary>
public sealed class ConnectionCloseTests
{
    [Fact]
    public async Task A_page_closed_for_a_restart_is_told_so_even_when_a_frame_for_it_comes_after()
    {
        await using var pair = await SocketPair.OpenAsync();
        using var connection = pair.Connection();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var running = connection.RunAsync((_, _) => Task.CompletedTask, stop.Token);

        // Frames the page has not read yet keep the socket busy (the page reads nothing until later), so the service's
        // closing waits behind them.
        for (var i = 0; i < 100; i++)
        {
            connection.Send(ServerMessage.Create("offer", ("request", "r1"), ("sdp", new string('a', 60_000))));
        }

        // The service stops; a relay for the page arrives before the socket is closed.
        connection.Close(WebSocketCloseStatus.EndpointUnavailable, "the service is restarting: connect again");
        connection.Send(ServerMessage.Create("presence", ("user", "alice"), ("live", false)));

        var buffer = new byte[4096];
        WebSocketReceiveResult received;
        do
        {
            received = await pair.Page.ReceiveAsync(buffer, stop.Token);
        }
        while (received.MessageType != WebSocketMessageType.Close);
        await pair.Page.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", stop.Token);
        await running;

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, received.CloseStatus);
        Assert.Equal("the service is restarting: connect again", received.CloseStatusDescription);
    }

    [Fact]
    public async Task A_page_that_reads_nothing_is_dropped_once_it_has_had_its_time_to_answer_the_close()
    {
        await using var pair = await SocketPair.OpenAsync();
        using var connection = pair.Connection();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var running = connection.RunAsync((_, _) => Task.CompletedTask, stop.Token);

        // The page reads nothing: its socket fills, the queue behind it fills, and the service closes it as too slow.
        for (var i = 0; i < 400; i++)
        {
            connection.Send(ServerMessage.Create("offer", ("request", "r1"), ("sdp", new string('a', 60_000))));
        }

        // The connection ends well before the test's own limit, the page never having answered.
        await running.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.False(stop.IsCancellationRequested);
        Assert.Equal(WebSocketState.Aborted, pair.Service.State);
    }

    /// <summary>The service's end and the page's end of one WebSocket over loopback TCP.</summary>
    private sealed class SocketPair : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly TcpClient _client;
        private readonly TcpClient _accepted;

        private SocketPair(TcpListener listener, TcpClient client, TcpClient accepted)
        {
            _listener = listener;
            _client = client;
            _accepted = accepted;
            Service = WebSocket.CreateFromStream(accepted.GetStream(), isServer: true, subProtocol: null, keepAliveInterval: Timeout.InfiniteTimeSpan);
            Page = WebSocket.CreateFromStream(client.GetStream(), isServer: false, subProtocol: null, keepAliveInterval: Timeout.InfiniteTimeSpan);
        }

        public WebSocket Service { get; }

        public WebSocket Page { get; }

        public static async Task<SocketPair> OpenAsync()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
            return new SocketPair(listener, client, await listener.AcceptTcpClientAsync());
        }

        public Connection Connection()
        {
            var metrics = new SignalingMetrics(PrometheusMetrics.WithCustomRegistry(PrometheusMetrics.NewCustomRegistry()));
            var site = new Site("shop", "Shop", [], "secret", SiteSource.Api, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
            return new Connection(Service, site, new ConnectionLimits(64 * 1024, 50, 100), metrics);
        }

        public ValueTask DisposeAsync()
        {
            Page.Dispose();
            Service.Dispose();
            _accepted.Dispose();
            _client.Dispose();
            _listener.Stop();
            _listener.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
