using System.Globalization;
using Airwave.Sandbox.Aws;
using Airwave.Sfu.Configuration;
using Airwave.Testing.Sfu;

namespace Airwave.Sfu.Tests;

/// <summary>
/// An SFU pod with a forward URL pushes what its publisher sends on over RTMP, as the stream's MediaLive input takes
/// it (H.264 and AAC), for as long as the publisher sends: checked with ffmpeg as the RTMP server, recording what
/// arrives.
/// </summary>
public sealed class ForwardTests
{
    private const string PublishKey = "publish-key-for-tests";
    private const string StreamKey = "stream-key-for-tests";

    [Fact]
    public async Task A_publishers_media_is_pushed_on_over_rtmp_as_h264_and_aac_while_it_publishes()
    {
        var work = Directory.CreateTempSubdirectory("airwave-forward-tests-").FullName;
        var recording = Path.Combine(work, "received.flv");
        var rtmpPort = LoopbackPorts.Reserve();
        var target = $"rtmp://127.0.0.1:{rtmpPort.ToString(CultureInfo.InvariantCulture)}/live/{StreamKey}";
        await using var server = await ListenAsync(target, recording);
        await using var sfu = await SfuProcess.StartAsync(new Dictionary<string, string?>
        {
            ["Sfu:MediaPorts"] = "41400-41419",
            ["Sfu:ForwardPort"] = "41420",
            [SfuSettings.RoomAdminKeyVariable] = "room-admin-key-for-tests",
            [SfuSettings.PublishKeyVariable] = PublishKey,
            [SfuSettings.ForwardUrlVariable] = target,
        });
        await sfu.WaitReadyAsync();

        var publishing = WebRtcClients.PublishAsync(new Uri(sfu.Api.BaseAddress!, "whip"), PublishKey, TimeSpan.FromSeconds(8));
        await Eventually.MatchAsync(() => MetricsAsync(sfu), text => text.Contains("airwave_sfu_forwarding 1", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "forwarding while the publisher sends");
        var report = await publishing;

        // The publisher left: the push ends, and with it the server's recording.
        await Eventually.MatchAsync(() => Task.FromResult(server.HasExited), exited => exited, TimeSpan.FromSeconds(30), "the RTMP push ended once the publisher left");
        var content = await TestMedia.ContentAsync(recording);
        Assert.Equal(201, (int?)report["status"]);
        Assert.Equal(0, server.ExitCode);
        Assert.Equal("h264", content.VideoCodec);
        Assert.Equal("aac", content.AudioCodec);
        Assert.True(await TestMedia.DurationAsync(recording) >= 4, $"{await TestMedia.DurationAsync(recording)} s received");
        // aiortc's test pattern moves and its tone is loud: frozen video or silence would not pass.
        Assert.True(content.DistinctFrames >= 30, content.ToString());
        Assert.True(content.MeanVolumeDb > -40, content.ToString());
        Assert.Contains("airwave_sfu_forwarding 0", await MetricsAsync(sfu), StringComparison.Ordinal);
        Assert.Contains(sfu.Logs.Lines, line => line.Contains($"Forwarding the publisher's media (VP8 video) to rtmp://127.0.0.1:{rtmpPort}/live/", StringComparison.Ordinal));
        Assert.DoesNotContain(sfu.Logs.Lines, line => line.Contains(StreamKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_push_the_target_refuses_is_tried_again_until_it_takes_it_without_its_key_in_the_logs()
    {
        var work = Directory.CreateTempSubdirectory("airwave-forward-tests-").FullName;
        var recording = Path.Combine(work, "received.flv");
        var rtmpPort = LoopbackPorts.Reserve();
        var target = $"rtmp://127.0.0.1:{rtmpPort.ToString(CultureInfo.InvariantCulture)}/live/{StreamKey}";
        await using var sfu = await SfuProcess.StartAsync(new Dictionary<string, string?>
        {
            ["Sfu:MediaPorts"] = "41430-41449",
            ["Sfu:ForwardPort"] = "41450",
            [SfuSettings.PublishKeyVariable] = PublishKey,
            [SfuSettings.ForwardUrlVariable] = target,
        });
        await sfu.WaitReadyAsync();

        // Nothing listens at the target yet: each push fails and is tried again.
        await using var publishing = WhipPublisher.Start(new Uri(sfu.Api.BaseAddress!, "whip"), PublishKey);
        await Eventually.MatchAsync(() => MetricsAsync(sfu), text => text.Contains("airwave_sfu_forward_restarts_total 1", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "a refused push counted");
        await using var server = await ListenAsync(target, recording);
        await Eventually.MatchAsync(() => MetricsAsync(sfu), text => text.Contains("airwave_sfu_forwarding 1", StringComparison.Ordinal) && File.Exists(recording) && new FileInfo(recording).Length > 50_000, TimeSpan.FromSeconds(30), "the push taken once the target listens");
        var report = await publishing.StopAsync();
        await Eventually.MatchAsync(() => Task.FromResult(server.HasExited), exited => exited, TimeSpan.FromSeconds(30), "the RTMP push ended once the publisher left");

        var content = await TestMedia.ContentAsync(recording);
        Assert.Equal(201, (int?)report["status"]);
        Assert.Equal("h264", content.VideoCodec);
        Assert.True(content.DistinctFrames >= 15, content.ToString());
        Assert.Contains(sfu.Logs.Lines, line => line.Contains($"Forwarding to rtmp://127.0.0.1:{rtmpPort}/live/ ended (ffmpeg exit code", StringComparison.Ordinal)
            && line.Contains("/live/<stream key>: Connection refused", StringComparison.Ordinal));
        Assert.DoesNotContain(sfu.Logs.Lines, line => line.Contains(StreamKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_standard_channels_two_pipelines_both_get_the_push_and_one_that_is_down_does_not_stop_the_other()
    {
        var work = Directory.CreateTempSubdirectory("airwave-forward-tests-").FullName;
        var (primaryPort, backupPort) = (LoopbackPorts.Reserve(), LoopbackPorts.Reserve());
        var primary = $"rtmp://127.0.0.1:{primaryPort.ToString(CultureInfo.InvariantCulture)}/live/{StreamKey}";
        var backup = $"rtmp://127.0.0.1:{backupPort.ToString(CultureInfo.InvariantCulture)}/live/{StreamKey}-backup";
        await using var sfu = await SfuProcess.StartAsync(new Dictionary<string, string?>
        {
            ["Sfu:MediaPorts"] = "41460-41479",
            ["Sfu:ForwardPort"] = "41480",
            [SfuSettings.PublishKeyVariable] = PublishKey,
            [SfuSettings.ForwardUrlVariable] = primary,
            [SfuSettings.ForwardBackupUrlVariable] = backup,
        });
        await sfu.WaitReadyAsync();
        var whip = new Uri(sfu.Api.BaseAddress!, "whip");

        var both = new[] { Path.Combine(work, "primary.flv"), Path.Combine(work, "backup.flv") };
        await using (var primaryServer = await ListenAsync(primary, both[0]))
        await using (var backupServer = await ListenAsync(backup, both[1]))
        {
            await WebRtcClients.PublishAsync(whip, PublishKey, TimeSpan.FromSeconds(8));
            await Eventually.MatchAsync(() => Task.FromResult(primaryServer.HasExited && backupServer.HasExited), exited => exited, TimeSpan.FromSeconds(30), "both pushes ended once the publisher left");
        }

        // The backup pipeline's input is down: the primary still gets the push.
        var alone = Path.Combine(work, "alone.flv");
        await using (var primaryServer = await ListenAsync(primary, alone))
        {
            await WebRtcClients.PublishAsync(whip, PublishKey, TimeSpan.FromSeconds(8));
            await Eventually.MatchAsync(() => Task.FromResult(primaryServer.HasExited), exited => exited, TimeSpan.FromSeconds(30), "the push ended once the publisher left");
        }

        foreach (var recording in both.Append(alone))
        {
            var content = await TestMedia.ContentAsync(recording);
            Assert.Equal("h264", content.VideoCodec);
            Assert.Equal("aac", content.AudioCodec);
            Assert.True(content.DistinctFrames >= 30, $"{recording}: {content}");
        }

        Assert.Contains(sfu.Logs.Lines, line => line.Contains($"to rtmp://127.0.0.1:{primaryPort}/live/ and rtmp://127.0.0.1:{backupPort}/live/", StringComparison.Ordinal));
        Assert.DoesNotContain(sfu.Logs.Lines, line => line.Contains(StreamKey, StringComparison.Ordinal));
    }

    /// <summary>
    /// ffmpeg as an RTMP server, as an input takes one push: it records what arrives until the push ends. Returned once
    /// it listens: a push made before would find nothing there, and one of two pushed at once is not tried again.
    /// </summary>
    internal static async Task<RunningProcess> ListenAsync(string url, string recording)
    {
        var server = RunningProcess.Start("ffmpeg", ["-hide_banner", "-loglevel", "error", "-listen", "1", "-i", url, "-c", "copy", "-f", "flv", recording]);
        var port = new Uri(url).Port;
        await Eventually.MatchAsync(() => Task.FromResult(IsListening(port) || server.HasExited), ready => ready, TimeSpan.FromSeconds(20), $"ffmpeg listening on port {port}");
        return server;
    }

    /// <summary>Whether a socket listens on the loopback port, as the kernel's TCP table says (state 0A), without connecting to it.</summary>
    private static bool IsListening(int port)
    {
        var local = $":{port:X4} ";
        return File.ReadLines("/proc/net/tcp").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Any(fields => (fields[1] + " ").EndsWith(local, StringComparison.Ordinal) && fields[3] == "0A");
    }

    private static async Task<string> MetricsAsync(SfuProcess sfu) => await sfu.Management.GetStringAsync(new Uri("metrics", UriKind.Relative));
}
