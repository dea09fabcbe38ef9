using System.Net.WebSockets;

namespace Airwave.Signaling.Tests;

/// <summary>A socket must introduce its page with hello in time; one that never does is closed, saying why.</summary>
public sealed class HelloDeadlineTests : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("airwave-hello-deadline-");
    private SignalingServer _server = null!;
    private TestSite _site = null!;

    public async Task InitializeAsync()
    {
        _server = await SignalingServer.StartAsync(_folder.FullName, settings: new Dictionary<string, string?> { ["Signaling:Sessions:HelloTimeout"] = "00:00:02" });
        _site = await TestSite.CreateAsync(_server);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task A_socket_that_never_says_hello_is_closed_at_the_deadline_and_one_that_did_stays_open()
    {
        // The token is made before the clock starts: the introduced page says hello at once, as the embed script does.
        var token = await _site.TokenAsync("alice");
        await using var introduced = await PageSocket.OpenAsync(_server, _site.Id, _site.Origin);
        await introduced.SendAsync(new { v = 1, type = "hello", role = "broadcaster", token });
        await introduced.ExpectAsync("welcome");
        await using var silent = await PageSocket.OpenAsync(_server, _site.Id, _site.Origin);

        var closed = await silent.ExpectClosedAsync();

        // Both deadlines have passed (the introduced page's first): it still talks.
        await introduced.SendAsync(new { v = 1, type = "heartbeat" });
        await introduced.ExpectAsync("heartbeat");
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, closed);
        Assert.Equal("no hello within 2 s: a page introduces itself first", silent.CloseDescription);
        Assert.Equal(WebSocketState.Open, introduced.State);
    }
}
