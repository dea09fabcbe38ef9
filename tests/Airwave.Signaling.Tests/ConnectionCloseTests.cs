using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Airwave.Signaling.Connections;
using Airwave.Signaling.Metrics;
using Airwave.Signaling.Protocol;
using Airwave.Signaling.Sites;
using PrometheusMetrics = Prometheus.Metrics;

namespace Airwave.Signaling.Tests;

/// <summary>A connection the service closes tells the page why, whatever is sent to it meanwhile.</summary>
public sealed class ConnectionCloseTests
{
    [Fact]
    public async Task A_page_closed_for_a_restart_is_told_so_even_when_a_frame_for_it_comes_after()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var accepted = await listener.AcceptTcpClientAsync();
        using var serverSocket = WebSocket.CreateFromStream(accepted.GetStream(), isServer: true, subProtocol: null, keepAliveInterval: Timeout.InfiniteTimeSpan);
        using var page = WebSocket.CreateFromStream(client.GetStream(), isServer: false, subProtocol: null, keepAliveInterval: Timeout.InfiniteTimeSpan);
        var metrics = new SignalingMetrics(PrometheusMetrics.WithCustomRegistry(PrometheusMetrics.NewCustomRegistry()));
        var site = new Site("shop", "Shop", [], "secret", SiteSource.Api, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        using var connection = new Connection(serverSocket, site, new ConnectionLimits(64 * 1024, 50, 100), metrics);
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
            received = await page.ReceiveAsync(buffer, stop.Token);
        }
        while (received.MessageType != WebSocketMessageType.Close);
        await page.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", stop.Token);
        await running;

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, received.CloseStatus);
        Assert.Equal("the service is restarting: connect again", received.CloseStatusDescription);
    }
}
