using Airwave.Sandbox.Aws;

namespace Airwave.Connector.Tests;

/// <summary>
/// The meeting connector's process, as its pod runs it: it opens the sandbox's meeting page (a moving pattern and a
/// tone) in the machine's Chromium on Xvfb, playing to PulseAudio, and pushes it over RTMP to an ffmpeg listening as an RTMP server, which records it.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ConnectorTests : IAsyncLifetime
{
    private const string StreamKey = "f00dfacecafe4b1d8e5a6b7c8d9e0f12";

    private readonly string _folder = Directory.CreateTempSubdirectory("airwave-connector-tests-").FullName;
    private AwsEmulator _aws = null!;

    public async Task InitializeAsync() => _aws = await AwsEmulator.StartAsync(new AwsEmulatorOptions { RunMedia = false }, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _aws.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_meeting_is_pushed_with_its_moving_picture_and_its_sound_until_the_pod_is_stopped()
    {
        await using var receiver = RtmpReceiver.Start(_folder, StreamKey);
        await using var connector = ConnectorProcess.Start(_aws.MeetingUrl("standup"), receiver.Url);

        await connector.WaitReadyAsync(TimeSpan.FromSeconds(60));
        // Ready is reported only once media flows, and stays so while it does.
        await receiver.WaitForMediaAsync(TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(60));
        using var stillReady = await connector.Health.GetAsync(new Uri("readyz", UriKind.Relative));
        var exitCode = await connector.TerminateAsync(TimeSpan.FromSeconds(30));
        var received = await receiver.WaitForEndAsync(TimeSpan.FromSeconds(30));
        var content = await TestMedia.ContentAsync(receiver.File);
        var duration = await TestMedia.DurationAsync(receiver.File);

        Assert.True(stillReady.IsSuccessStatusCode, connector.Log);
        Assert.Equal(0, exitCode);
        Assert.Equal(0, received);
        Assert.Equal("h264", content.VideoCodec);
        Assert.Equal("aac", content.AudioCodec);
        Assert.True(duration >= 5, $"{duration} s received\n{connector.Log}");
        // The pattern moves every frame: most of 30 frames a second differ.
        Assert.True(content.DistinctFrames > duration * 15, $"{content.DistinctFrames} distinct frames in {duration} s");
        // The tone at a quarter of full scale is about -15 dB; silence is -91.
        Assert.True(content.MeanVolumeDb > -30, $"mean volume {content.MeanVolumeDb} dB");
        Assert.Contains("Connected: the meeting's media flows to rtmp://127.0.0.1:", connector.Log, StringComparison.Ordinal);
        Assert.Contains("Stopping: closing the stream to rtmp://127.0.0.1:", connector.Log, StringComparison.Ordinal);
        Assert.DoesNotContain(StreamKey, connector.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_backup_push_url_the_meeting_goes_to_both_pipelines()
    {
        await using var primary = RtmpReceiver.Start(_folder, StreamKey);
        await using var backup = RtmpReceiver.Start(_folder, StreamKey);
        await using var connector = ConnectorProcess.Start(_aws.MeetingUrl("standup"), primary.Url, new Dictionary<string, string> { ["CONNECTOR_PUSH_BACKUP_URL"] = backup.Url });

        await connector.WaitReadyAsync(TimeSpan.FromSeconds(60));
        await Task.WhenAll(
            primary.WaitForMediaAsync(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(60)),
            backup.WaitForMediaAsync(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(60)));
        var exitCode = await connector.TerminateAsync(TimeSpan.FromSeconds(30));
        var received = await Task.WhenAll(primary.WaitForEndAsync(TimeSpan.FromSeconds(30)), backup.WaitForEndAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(0, exitCode);
        Assert.Equal([0, 0], received);
        foreach (var file in new[] { primary.File, backup.File })
        {
            var content = await TestMedia.ContentAsync(file);
            Assert.Equal(("h264", "aac"), (content.VideoCodec, content.AudioCodec));
            Assert.True(await TestMedia.DurationAsync(file) >= 3, connector.Log);
        }

        Assert.Contains($"Connected: the meeting's media flows to {primary.Url[..primary.Url.LastIndexOf('/')]}", connector.Log, StringComparison.Ordinal);
        Assert.DoesNotContain(StreamKey, connector.Log, StringComparison.Ordinal);
    }

    /// <summary>
    /// An encoder short of CPU does not fail: it falls behind the meeting, and viewers' delay grows. Here ffmpeg's video
    /// passes a filter that lets it through at half real time, and the log says the push is behind and what to do.
    /// </summary>
    [Fact]
    public async Task A_push_that_falls_behind_the_meeting_says_so_in_the_log()
    {
        var slowFfmpeg = Path.Combine(_folder, "ffmpeg-at-half-speed");
        await File.WriteAllTextAsync(slowFfmpeg, """
            #!/bin/bash
            args=()
            for arg in "$@"; do
              if [ "$arg" = "-c:v" ]; then args+=(-filter:v realtime=speed=0.5); fi
              args+=("$arg")
            done
            exec ffmpeg "${args[@]}"
            """);
        File.SetUnixFileMode(slowFfmpeg, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await using var receiver = RtmpReceiver.Start(_folder, StreamKey);
        await using var connector = ConnectorProcess.Start(_aws.MeetingUrl("standup"), receiver.Url, new Dictionary<string, string> { ["AIRWAVE_Connector__FfmpegPath"] = slowFfmpeg });

        await connector.WaitReadyAsync(TimeSpan.FromSeconds(60));
        await connector.WaitForLogAsync("s behind the meeting", TimeSpan.FromSeconds(60));
        var exitCode = await connector.TerminateAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, exitCode);
        Assert.Matches(@"Warning: The push to rtmp://127\.0\.0\.1:\d+/live/ runs \d+ s behind the meeting: its encoder gets too little CPU to keep up, and viewers see a growing delay until it does; give the connector more CPU \(the chart's connector\.resources\.cpuRequest\)", connector.Log);
        Assert.DoesNotContain(StreamKey, connector.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_meeting_that_ends_ends_the_connector_with_a_failure_that_says_so()
    {
        await using var receiver = RtmpReceiver.Start(_folder, StreamKey);
        await using var connector = ConnectorProcess.Start(new Uri(_aws.MeetingUrl("retro") + "?endAfter=8"), receiver.Url);

        await connector.WaitReadyAsync(TimeSpan.FromSeconds(60));
        var exitCode = await connector.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var received = await receiver.WaitForEndAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, exitCode);
        Assert.Contains("Connector failed: the meeting ended: the page says so", connector.Log, StringComparison.Ordinal);
        // What was pushed until then was closed as a stream that ends, not cut off.
        Assert.Equal(0, received);
        Assert.True(await TestMedia.DurationAsync(receiver.File) > 2);
    }

    [Fact]
    public async Task A_meeting_page_that_does_not_load_fails_the_connector_with_the_reason()
    {
        await using var receiver = RtmpReceiver.Start(_folder, StreamKey);
        var nowhere = $"http://127.0.0.1:{LoopbackPorts.Reserve()}/meetings/standup";
        await using var forbidden = ConnectorProcess.Start(new Uri(_aws.BaseAddress, "no-such-meeting"), receiver.Url);
        await using var refused = ConnectorProcess.Start(new Uri(nowhere), receiver.Url);

        var forbiddenExit = await forbidden.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var refusedExit = await refused.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, forbiddenExit);
        // The emulator answers a path that is no meeting as S3 answers an unsigned request: 403.
        Assert.True(forbidden.Log.Contains("Connector failed: the meeting cannot be joined: the meeting page answered HTTP 403", StringComparison.Ordinal), forbidden.Log);
        Assert.Equal(1, refusedExit);
        Assert.True(refused.Log.Contains("Connector failed: the meeting cannot be joined: the meeting page did not load: net::ERR_CONNECTION_REFUSED", StringComparison.Ordinal), refused.Log);
    }

    [Fact]
    public async Task A_push_target_that_refuses_fails_the_connector_without_showing_the_stream_key()
    {
        var closed = $"rtmp://127.0.0.1:{LoopbackPorts.Reserve()}/live/{StreamKey}";
        await using var connector = ConnectorProcess.Start(_aws.MeetingUrl("standup"), closed);

        var exitCode = await connector.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains("Connector failed: the push to rtmp://127.0.0.1:", connector.Log, StringComparison.Ordinal);
        Assert.DoesNotContain(StreamKey, connector.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_or_bad_settings_end_the_connector_at_once_naming_the_setting()
    {
        await using var noPush = ConnectorProcess.Start(_aws.MeetingUrl("standup"), push: null);
        await using var badPush = ConnectorProcess.Start(_aws.MeetingUrl("standup"), $"http://127.0.0.1/live/{StreamKey}");
        await using var fromFile = ConnectorProcess.Start(_aws.MeetingUrl("standup"), push: null, new Dictionary<string, string> { ["CONNECTOR_PUSH_URL_FILE"] = Path.Combine(_folder, "missing") });

        Assert.Equal(2, await noPush.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(2, await badPush.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(2, await fromFile.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("invalid setting: neither CONNECTOR_PUSH_URL nor CONNECTOR_PUSH_URL_FILE is set", noPush.Log, StringComparison.Ordinal);
        Assert.Contains("invalid setting: CONNECTOR_PUSH_URL is not an rtmp:// or rtmps:// URL", badPush.Log, StringComparison.Ordinal);
        Assert.DoesNotContain(StreamKey, badPush.Log, StringComparison.Ordinal);
        Assert.Contains("cannot be read", fromFile.Log, StringComparison.Ordinal);
    }
}
