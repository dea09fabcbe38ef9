using System.Globalization;
using System.Text.RegularExpressions;

namespace Airwave.Signaling.Tests;

/// <summary>A replica's /metrics while a broadcaster and a viewer negotiate, as promtool and a scraper read it.</summary>
public sealed class MetricsTests : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("airwave-signaling-metrics-");
    private SignalingServer _server = null!;
    private TestSite _site = null!;

    public async Task InitializeAsync()
    {
        _server = await SignalingServer.StartAsync(_folder.FullName);
        _site = await TestSite.CreateAsync(_server);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task Connections_by_role_frames_decisions_errors_and_relay_latency_are_exported()
    {
        var (broadcaster, _) = await PageSocket.HelloAsync(_server, _site, "broadcaster", "alice");
        var (viewer, _) = await PageSocket.HelloAsync(_server, _site, "viewer", "bob");
        var idle = await PageSocket.OpenAsync(_server, _site.Id, _site.Origin);
        var request = await PageSocket.WatchAcceptedAsync(viewer, broadcaster, "alice");
        await broadcaster.SendAsync(new { v = 1, type = "offer", request, sdp = "v=0 offer" });
        await viewer.ExpectAsync("offer");
        await viewer.SendAsync(new { v = 1, type = "answer", request, sdp = "v=0 answer" });
        await broadcaster.ExpectAsync("answer");
        await viewer.SendAsync(new { v = 1, type = "ice", request, candidate = new { candidate = "candidate:1 1 udp 1 10.0.0.2 5000 typ host", sdpMid = "0", sdpMLineIndex = 0 } });
        await broadcaster.ExpectAsync("ice");
        await viewer.SendAsync(new { v = 1, type = "no-such-frame" });
        await viewer.ExpectErrorAsync("bad-message");

        var open = await ScrapeAsync();
        var promtool = await ProcessRunner.RunAsync("promtool", ["check", "metrics"], TimeSpan.FromSeconds(30), open);
        Assert.True(promtool.ExitCode == 0 && promtool.StandardOutput.Length == 0 && promtool.StandardError.Length == 0, $"promtool: {promtool}\n--- scrape ---\n{open}");
        Assert.Equal(1, Sample(open, "airwave_signaling_connections{role=\"broadcaster\"}"));
        Assert.Equal(1, Sample(open, "airwave_signaling_connections{role=\"viewer\"}"));
        Assert.Equal(1, Sample(open, "airwave_signaling_connections{role=\"unintroduced\"}"));
        Assert.Equal(1, Sample(open, "airwave_signaling_frames_received_total{type=\"offer\"}"));
        Assert.Equal(1, Sample(open, "airwave_signaling_frames_received_total{type=\"other\"}"));
        Assert.Equal(1, Sample(open, "airwave_signaling_error_frames_total{code=\"bad-message\"}"));
        Assert.Equal(1, Sample(open, "airwave_signaling_viewer_decisions_total{decision=\"accepted\"}"));
        Assert.Equal(1, Sample(open, "airwave_signaling_broadcasts_started_total"));
        Assert.Equal(3, Sample(open, "airwave_signaling_relay_latency_seconds_count"));
        Assert.Equal(3, Sample(open, "airwave_signaling_relay_latency_seconds_bucket{le=\"+Inf\"}"));

        await broadcaster.SendAsync(new { v = 1, type = "bye" });
        await viewer.ExpectAsync("broadcast-ended");
        await broadcaster.DisposeAsync();
        await viewer.DisposeAsync();
        await idle.DisposeAsync();
        var closed = await Eventually.MatchAsync(ScrapeAsync, s => Sample(s, "airwave_signaling_connections{role=\"viewer\"}") == 0 && Sample(s, "airwave_signaling_connections{role=\"broadcaster\"}") == 0 && Sample(s, "airwave_signaling_connections{role=\"unintroduced\"}") == 0, TimeSpan.FromSeconds(10), "the closed connections uncounted");
        Assert.Equal(1, Sample(closed, "airwave_signaling_broadcasts_ended_total{reason=\"ended\"}"));
    }

    private Task<string> ScrapeAsync() => _server.Management.GetStringAsync("/metrics");

    private static double Sample(string scrape, string series)
    {
        var line = Regex.Match(scrape, $"(?m)^{Regex.Escape(series)} (\\S+)$");
        Assert.True(line.Success, $"no {series} in\n{scrape}");
        return double.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
