using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Airwave.Signaling.Tests;

/// <summary>A page's WebSocket to the service, as a browser opens it (with its Origin), speaking protocol version 1.</summary>
public sealed class PageSocket : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly ClientWebSocket _socket;

    private PageSocket(ClientWebSocket socket) => _socket = socket;

    public WebSocketState State => _socket.State;

    /// <summary>Why the service closed the socket, as its close frame says.</summary>
    public string? CloseDescription => _socket.CloseStatusDescription;

    /// <param name="forwardedFor">The client address a proxy in front of the service would forward (X-Forwarded-For).</param>
    public static async Task<PageSocket> OpenAsync(SignalingServer server, string site, string origin, string? forwardedFor = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", origin);
        if (forwardedFor is not null)
        {
            socket.Options.SetRequestHeader("X-Forwarded-For", forwardedFor);
        }

        socket.Options.CollectHttpResponseDetails = true;
        var url = new UriBuilder(server.Public.BaseAddress!) { Scheme = "ws", Path = "/ws/v1", Query = $"site={site}" }.Uri;
        using var timeout = new CancellationTokenSource(Patience);
        await socket.ConnectAsync(url, timeout.Token);
        return new PageSocket(socket);
    }

    /// <summary>Opens a socket and says hello with a token PyJWT made; returns the socket and its welcome frame.</summary>
    public static async Task<(PageSocket Socket, JsonObject Welcome)> HelloAsync(SignalingServer server, TestSite site, string role, string user, string? resume = null)
    {
        // The token first: minting it starts a process, which on a loaded machine can outlast the service's hello deadline.
        var token = await site.TokenAsync(user);
        var socket = await OpenAsync(server, site.Id, site.Origin);
        await socket.SendAsync(new { v = 1, type = "hello", role, token, resume });
        return (socket, await socket.ExpectAsync("welcome"));
    }

    /// <summary>The viewer asks to watch <paramref name="broadcasterUser"/>, the broadcaster accepts; returns the request's id.</summary>
    public static async Task<string> WatchAcceptedAsync(PageSocket viewer, PageSocket broadcaster, string broadcasterUser)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(broadcaster);
        await viewer.SendAsync(new { v = 1, type = "watch", broadcaster = broadcasterUser });
        var request = (string)(await broadcaster.ExpectAsync("watch-request"))["request"]!;
        await broadcaster.SendAsync(new { v = 1, type = "accept", request });
        await viewer.ExpectAsync("accepted");
        return request;
    }

    public Task SendAsync(object frame) => SendTextAsync(JsonSerializer.Serialize(frame));

    public async Task SendTextAsync(string text)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token);
    }

    public async Task SendBinaryAsync(byte[] bytes)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await _socket.SendAsync(bytes, WebSocketMessageType.Binary, true, timeout.Token);
    }

    /// <summary>The next frame, or null when the service closed the socket.</summary>
    public async Task<JsonObject?> ReceiveAsync(TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? Patience);
        using var text = new MemoryStream();
        var buffer = new byte[16 * 1024];
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            text.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        return JsonNode.Parse(text.ToArray())!.AsObject();
    }

    /// <summary>Reads frames until one of <paramref name="type"/>; an error frame on the way fails the test with its message.</summary>
    public Task<JsonObject> ExpectAsync(string type) => NextOfTypeAsync(type, failOnError: true);

    /// <summary>The frames up to the first of <paramref name="type"/>, that one last.</summary>
    public async Task<IReadOnlyList<JsonObject>> ReadUntilAsync(string type)
    {
        var frames = new List<JsonObject>();
        while (frames.Count == 0 || (string?)frames[^1]["type"] != type)
        {
            frames.Add(await ReceiveAsync() ?? throw new InvalidOperationException($"the service closed the socket while a {type} frame was awaited"));
        }

        return frames;
    }

    /// <summary>The next error frame, asserted to carry <paramref name="code"/>.</summary>
    public async Task<JsonObject> ExpectErrorAsync(string code)
    {
        var error = await NextOfTypeAsync("error", failOnError: false);
        Assert.Equal(code, (string?)error["code"]);
        return error;
    }

    /// <summary>Waits for the service to close the socket, skipping frames; returns the close status.</summary>
    public async Task<WebSocketCloseStatus?> ExpectClosedAsync()
    {
        while (await ReceiveAsync() is not null)
        {
        }

        return _socket.CloseStatus;
    }

    /// <summary>Drops the connection without a closing handshake, as a refreshed or crashed page does.</summary>
    public void Drop() => _socket.Abort();

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(Patience);
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // Already going away.
            }
        }

        _socket.Dispose();
    }

    private async Task<JsonObject> NextOfTypeAsync(string type, bool failOnError)
    {
        while (true)
        {
            var frame = await ReceiveAsync() ?? throw new InvalidOperationException($"the service closed the socket while a {type} frame was awaited ({_socket.CloseStatus}: {_socket.CloseStatusDescription})");
            Assert.Equal(1, (int?)frame["v"]);
            var got = (string?)frame["type"];
            if (got == type)
            {
                return frame;
            }

            if (failOnError && got == "error")
            {
                Assert.Fail($"awaiting {type}, got an error frame: {frame.ToJsonString()}");
            }
        }
    }
}

/// <summary>A site registered through the admin API for a test, with what its server would sign tokens with.</summary>
public sealed record TestSite(string Id, string Origin, string Secret)
{
    /// <param name="sfu">The site's sfu block (streams, viewers), or none.</param>
    public static async Task<TestSite> CreateAsync(SignalingServer server, string id = "shop", string origin = "https://shop.example", object? sfu = null)
    {
        var secret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var response = await server.Admin.PutAsync($"/api/v1/sites/{id}", JsonContent(new { name = id, allowedOrigins = new[] { origin }, secret, sfu }));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return new TestSite(id, origin, secret);
    }

    public Task<string> TokenAsync(string user, TimeSpan? lifetime = null) => PyJwt.ForUserAsync(Secret, Id, user, lifetime ?? TimeSpan.FromMinutes(10));

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
}
