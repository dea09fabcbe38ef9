using System.Net;
using System.Text.Json.Nodes;
using Airwave.Aws.Tests.Support;
using Airwave.Sandbox.Aws;
using Airwave.Testing;

namespace Airwave.Aws.Tests.Ivs;

/// <summary>
/// Real media through the emulated IVS, driven with the AWS CLI: ffmpeg pushes RTMPS to the channel's ingest with its
/// stream key, the channel goes live and plays at its playback URL, and a live channel is deleted only after
/// StopStream ends the broadcast.
/// </summary>
public sealed class IvsMediaTests : IAsyncLifetime, IDisposable
{
    private EmulatorHarness _aws = null!;
    private AwsCli _cli = null!;

    public async Task InitializeAsync()
    {
        _aws = await EmulatorHarness.StartAsync(runMedia: true);
        _cli = new AwsCli(_aws.Emulator.BaseAddress, AwsEmulatorOptions.TestCredentials.AccessKeyId, AwsEmulatorOptions.TestCredentials.SecretAccessKey);
    }

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task A_push_to_the_rtmps_ingest_goes_live_plays_at_the_playback_url_and_the_channel_is_deleted_after_stop_stream()
    {
        var created = (await _cli.RunAsync("ivs", "create-channel", "--name", "town-hall")).Json;
        var channel = created["channel"]!;
        var arn = Text(channel["arn"]);
        var endpoint = Text(channel["ingestEndpoint"]);
        var playback = new Uri(Text(channel["playbackUrl"]));
        var key = Text(created["streamKey"]!["value"]);
        using var http = new HttpClient();
        using var beforePush = await http.GetAsync(playback);
        var plainRtmp = await TestMedia.PushRtmpAsync($"rtmp://{endpoint}/app/{key}", seconds: 2);

        // The ingest takes the connection and refuses the stream name; the publisher may not notice, viewers do.
        var wrongKey = TestMedia.PushRtmpAsync($"rtmps://{endpoint}/app/sk_us-east-1_not-the-key", seconds: 5);
        await Task.Delay(TimeSpan.FromSeconds(4));
        var offline = await _cli.RunAsync("ivs", "get-stream", "--channel-arn", arn);
        using var wrongKeyPlayback = await http.GetAsync(playback);
        await wrongKey;

        var push = TestMedia.PushRtmpAsync($"rtmps://{endpoint}/app/{key}", seconds: 60);
        var live = await Eventually.MatchAsync(async () => await _cli.RunAsync("ivs", "get-stream", "--channel-arn", arn), r => r.ExitCode == 0, TimeSpan.FromSeconds(30), "the channel is live");
        var streams = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", playback.ToString()], TimeSpan.FromSeconds(60));
        var playlist = await http.GetStringAsync(playback);
        var segment = playlist.Split('\n').Last(l => l.EndsWith(".ts", StringComparison.Ordinal));
        using var segmentResponse = await http.GetAsync(new Uri(playback, segment));
        var deleteWhileLive = await _cli.RunAsync("ivs", "delete-channel", "--arn", arn);
        var stopped = await _cli.RunAsync("ivs", "stop-stream", "--channel-arn", arn);
        var pushed = await push.WaitAsync(TimeSpan.FromSeconds(30));
        var afterStop = await Eventually.MatchAsync(async () => await _cli.RunAsync("ivs", "get-stream", "--channel-arn", arn), r => r.ExitCode != 0, TimeSpan.FromSeconds(10), "the broadcast ended");
        var stopOffline = await _cli.RunAsync("ivs", "stop-stream", "--channel-arn", arn);
        var deleted = await _cli.RunAsync("ivs", "delete-channel", "--arn", arn);

        Assert.Matches(@"^127\.0\.0\.1:\d+$", endpoint);
        Assert.Equal(HttpStatusCode.NotFound, beforePush.StatusCode);
        Assert.True(plainRtmp.ExitCode != 0, $"plain RTMP: {plainRtmp}");
        Assert.Equal(HttpStatusCode.NotFound, wrongKeyPlayback.StatusCode);
        Assert.Contains("(ChannelNotBroadcasting) when calling the GetStream operation", offline.Error, StringComparison.Ordinal);
        var broadcast = live.Json["stream"]!;
        Assert.Equal(("LIVE", "HEALTHY", arn, playback.ToString()), (Text(broadcast["state"]), Text(broadcast["health"]), Text(broadcast["channelArn"]), Text(broadcast["playbackUrl"])));
        Assert.StartsWith("st-", Text(broadcast["streamId"]), StringComparison.Ordinal);
        Assert.True(streams.ExitCode == 0, streams.ToString());
        Assert.Equal(["aac", "h264"], streams.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.OK, segmentResponse.StatusCode);
        Assert.Equal("video/MP2T", segmentResponse.Content.Headers.ContentType?.MediaType);
        Assert.Contains("(ConflictException) when calling the DeleteChannel operation", deleteWhileLive.Error, StringComparison.Ordinal);
        Assert.True(stopped.ExitCode == 0, stopped.ToString());
        Assert.True(pushed.ExitCode != 0, $"the push StopStream ended: {pushed}");
        Assert.Contains("(ChannelNotBroadcasting) when calling the GetStream operation", afterStop.Error, StringComparison.Ordinal);
        Assert.Contains("(ChannelNotBroadcasting) when calling the StopStream operation", stopOffline.Error, StringComparison.Ordinal);
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Empty(_aws.Emulator.Inventory.IvsChannels);
    }

    private static string Text(JsonNode? node) => node?.GetValue<string>() ?? throw new InvalidOperationException("Missing value in CLI output.");
}
