using Airwave.Signaling.Broadcasts;
using Microsoft.Extensions.DependencyInjection;

namespace Airwave.Signaling.Tests;

/// <summary>Broadcast time as the service counts it from heartbeats, for tabs a browser throttles and pages that went away.</summary>
public sealed class BroadcastTimeTests : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("airwave-broadcast-time-");
    private readonly ManualTimeProvider _clock = new();
    private SignalingServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await SignalingServer.StartAsync(_folder.FullName, clock: _clock, settings: new Dictionary<string, string?>
        {
            ["Signaling:Sessions:LongestHeartbeatGap"] = "00:01:30",
        });

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task A_background_tabs_slow_heartbeats_count_in_full_and_a_silent_page_only_up_to_the_longest_gap()
    {
        var site = await TestSite.CreateAsync(_server);
        var (broadcaster, welcome) = await PageSocket.HelloAsync(_server, site, "broadcaster", "alice");
        await using var _ = broadcaster;

        // A tab in the background: its timers fire once a minute instead of every ten seconds.
        foreach (var gap in new[] { 60, 60 })
        {
            _clock.Advance(TimeSpan.FromSeconds(gap));
            await broadcaster.SendAsync(new { v = 1, type = "heartbeat" });
            await broadcaster.ExpectAsync("heartbeat");
        }

        // Then nothing for ten minutes (the laptop slept): the service ends the broadcast and counts the longest gap.
        _clock.Advance(TimeSpan.FromMinutes(10));
        var ended = await broadcaster.ExpectAsync("ended");

        Assert.Equal("lost", (string?)ended["reason"]);
        var session = await _server.Services.GetRequiredService<BroadcastStore>().GetAsync((string)welcome["session"]!, CancellationToken.None);
        Assert.Equal(TimeSpan.FromSeconds(60 + 60 + 90), session!.BroadcastTime);
    }
}
