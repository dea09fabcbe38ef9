using System.Net;
using System.Net.WebSockets;
using System.Text;
using Airwave.Connector.Browser;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Airwave.Connector.Tests.Browser;

/// <summary>
/// The DevTools connection is the connector's long-lived reader of the browser: frames it cannot use are passed over,
/// and the browser closing the socket ends it quietly, never as an error.
/// </summary>
public sealed class DevToolsTests
{
    [Fact]
    public async Task Empty_and_non_JSON_frames_are_passed_over_and_a_normal_close_ends_the_events_cleanly()
    {
        await using var browser = await FakeBrowser.StartAsync(
            "",
            "   ",
            "not json",
            """{"method":"Page.loadEventFired","params":{"timestamp":1}}""");
        var devTools = await DevTools.ConnectAsync(browser.Endpoint, CancellationToken.None);

        var events = new List<DevToolsEvent>();
        await foreach (var e in devTools.Events.ReadAllAsync().WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token))
        {
            events.Add(e);
        }

        await devTools.DisposeAsync();

        var only = Assert.Single(events);
        Assert.Equal("Page.loadEventFired", only.Method);
        Assert.Equal(1, (int?)only.Parameters["timestamp"]);
    }

    /// <summary>A WebSocket server on loopback that sends its frames, then closes the connection normally.</summary>
    private sealed class FakeBrowser : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private FakeBrowser(WebApplication app, Uri endpoint)
        {
            _app = app;
            Endpoint = endpoint;
        }

        public Uri Endpoint { get; }

        public static async Task<FakeBrowser> StartAsync(params string[] frames)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.UseWebSockets();
            app.Map("/devtools/browser", async (HttpContext http) =>
            {
                using var socket = await http.WebSockets.AcceptWebSocketAsync();
                foreach (var frame in frames)
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, endOfMessage: true, http.RequestAborted);
                }

                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", http.RequestAborted);
            });
            await app.StartAsync();
            var address = new Uri(app.Urls.Single());
            return new FakeBrowser(app, new Uri($"ws://127.0.0.1:{address.Port}/devtools/browser"));
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
