using System.Net;
using System.Net.WebSockets;

namespace Airwave.Signaling.Tests;

/// <summary>
/// One client address holds at most so many sockets: behind a proxy (here loopback, always trusted), the address it
/// forwards counts, so pages of different visitors are not lumped together.
/// </summary>
public sealed class AddressCapTests : IAsyncLifetime
{
    private const int Cap = 3;
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("airwave-address-cap-");
    private SignalingServer _server = null!;
    private TestSite _site = null!;

    public async Task InitializeAsync()
    {
        _server = await SignalingServer.StartAsync(_folder.FullName, settings: new Dictionary<string, string?> { ["Signaling:Sessions:MaxSocketsPerAddress"] = Cap.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        _site = await TestSite.CreateAsync(_server);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task An_address_over_its_cap_gets_429_another_address_does_not_and_a_closed_socket_gives_its_slot_back()
    {
        var held = new List<PageSocket>();
        try
        {
            for (var i = 0; i < Cap; i++)
            {
                held.Add(await PageSocket.OpenAsync(_server, _site.Id, _site.Origin, forwardedFor: "203.0.113.7"));
            }

            var (refused, body) = await RefusedAsync("203.0.113.7");
            await using var neighbour = await PageSocket.OpenAsync(_server, _site.Id, _site.Origin, forwardedFor: "203.0.113.8");

            Assert.Equal(HttpStatusCode.TooManyRequests, refused);
            Assert.Contains($"already holds {Cap} signaling connections", body, StringComparison.Ordinal);
            Assert.Equal(WebSocketState.Open, neighbour.State);
            Assert.All(held, socket => Assert.Equal(WebSocketState.Open, socket.State));

            // A page that leaves frees its slot for the next one from that address.
            await held[0].DisposeAsync();
            held.RemoveAt(0);
            var again = await Eventually.MatchAsync<PageSocket?>(() => TryOpenAsync("203.0.113.7"), socket => socket is not null, TimeSpan.FromSeconds(10), "a slot given back");
            held.Add(again!);
        }
        finally
        {
            foreach (var socket in held)
            {
                await socket.DisposeAsync();
            }
        }
    }

    private async Task<PageSocket?> TryOpenAsync(string address)
    {
        try
        {
            return await PageSocket.OpenAsync(_server, _site.Id, _site.Origin, forwardedFor: address);
        }
        catch (WebSocketException)
        {
            return null;
        }
    }

    /// <summary>What the service answers a socket from <paramref name="address"/> it refuses: the status and the problem body.</summary>
    private async Task<(HttpStatusCode Status, string Body)> RefusedAsync(string address)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.Public.BaseAddress!, $"/ws/v1?site={_site.Id}"));
        request.Headers.Add("Origin", _site.Origin);
        request.Headers.Add("X-Forwarded-For", address);
        request.Headers.Add("Connection", "Upgrade");
        request.Headers.Add("Upgrade", "websocket");
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
