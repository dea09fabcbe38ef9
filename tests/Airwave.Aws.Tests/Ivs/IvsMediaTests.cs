using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Airwave.Aws.Ivs;
using Airwave.Aws.Tests.Support;
using Airwave.Sandbox.Aws;

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
        var lines = playlist.Split('\n');
        var segmentAt = Array.FindLastIndex(lines, l => l.EndsWith(".ts", StringComparison.Ordinal));
        var duration = Array.FindLastIndex(lines, segmentAt, l => l.StartsWith("#EXTINF:", StringComparison.Ordinal));
        var (segment, segmentDuration) = (lines[segmentAt], double.Parse(lines[duration]["#EXTINF:".Length..].TrimEnd(','), CultureInfo.InvariantCulture));
        var deliveredBefore = Delivered(arn);
        using var segmentResponse = await http.GetAsync(new Uri(playback, segment));
        var deliveredAfter = Delivered(arn);
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
        // The seconds of video a viewer fetched, as IVS reports them to CloudWatch by the channel's ID.
        Assert.True(deliveredBefore > 0, "the playback ffprobe made delivered video");
        Assert.Equal(segmentDuration, deliveredAfter - deliveredBefore, precision: 6);
        Assert.Contains("(ConflictException) when calling the DeleteChannel operation", deleteWhileLive.Error, StringComparison.Ordinal);
        Assert.True(stopped.ExitCode == 0, stopped.ToString());
        Assert.True(pushed.ExitCode != 0, $"the push StopStream ended: {pushed}");
        Assert.Contains("(ChannelNotBroadcasting) when calling the GetStream operation", afterStop.Error, StringComparison.Ordinal);
        Assert.Contains("(ChannelNotBroadcasting) when calling the StopStream operation", stopOffline.Error, StringComparison.Ordinal);
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Empty(_aws.Emulator.Inventory.IvsChannels);
    }

    [Fact]
    public async Task A_private_channel_plays_only_with_a_token_signed_by_an_imported_key_pair_for_it_and_not_expired()
    {
        using var signer = new IvsPlaybackTokenSigner(IvsPlaybackTokenSigner.NewPrivateKeyPem());
        using var stranger = new IvsPlaybackTokenSigner(IvsPlaybackTokenSigner.NewPrivateKeyPem());
        var publicKey = _cli.WriteFile("playback-key.pem", signer.PublicKeyPem);
        var imported = await _cli.RunAsync("ivs", "import-playback-key-pair", "--public-key-material", publicKey, "--name", "viewers");
        var again = await _cli.RunAsync("ivs", "import-playback-key-pair", "--public-key-material", publicKey, "--name", "viewers-again");
        var listed = (await _cli.RunAsync("ivs", "list-playback-key-pairs")).Json["keyPairs"]!.AsArray();
        var created = (await _cli.RunAsync("ivs", "create-channel", "--name", "board-meeting", "--authorized")).Json;
        var other = (await _cli.RunAsync("ivs", "create-channel", "--name", "other")).Json["channel"]!;
        var channel = created["channel"]!;
        var arn = Text(channel["arn"]);
        var playback = Text(channel["playbackUrl"]);

        var push = TestMedia.PushRtmpAsync($"rtmps://{Text(channel["ingestEndpoint"])}/app/{Text(created["streamKey"]!["value"])}", seconds: 30);
        await Eventually.MatchAsync(async () => await _cli.RunAsync("ivs", "get-stream", "--channel-arn", arn), r => r.ExitCode == 0, TimeSpan.FromSeconds(30), "the channel is live");
        var token = signer.Sign(arn, DateTimeOffset.UtcNow.AddMinutes(5));
        using var http = new HttpClient();
        using var withoutToken = await http.GetAsync(new Uri(playback));
        using var expired = await http.GetAsync(new Uri($"{playback}?token={signer.Sign(arn, DateTimeOffset.UtcNow.AddMinutes(-1))}"));
        using var forAnotherChannel = await http.GetAsync(new Uri($"{playback}?token={signer.Sign(Text(other["arn"]), DateTimeOffset.UtcNow.AddMinutes(5))}"));
        using var unknownKey = await http.GetAsync(new Uri($"{playback}?token={stranger.Sign(arn, DateTimeOffset.UtcNow.AddMinutes(5))}"));
        var played = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", $"{playback}?token={token}"], TimeSpan.FromSeconds(60));
        var deleted = await _cli.RunAsync("ivs", "delete-playback-key-pair", "--arn", Text(imported.Json["keyPair"]!["arn"]));
        using var afterKeyDeleted = await http.GetAsync(new Uri($"{playback}?token={token}"));
        await _cli.RunAsync("ivs", "stop-stream", "--channel-arn", arn);
        await push.WaitAsync(TimeSpan.FromSeconds(60));
        await Eventually.MatchAsync(async () => await _cli.RunAsync("ivs", "delete-channel", "--arn", arn), r => r.ExitCode == 0, TimeSpan.FromSeconds(10), "the channel deleted once offline");

        Assert.True(imported.ExitCode == 0, imported.ToString());
        Assert.Matches("^arn:aws:ivs:us-east-1:123456789012:playback-key/[a-zA-Z0-9]{12}$", Text(imported.Json["keyPair"]!["arn"]));
        Assert.Equal("viewers", Text(imported.Json["keyPair"]!["name"]));
        Assert.Contains("(ConflictException) when calling the ImportPlaybackKeyPair operation", again.Error, StringComparison.Ordinal);
        Assert.Equal("viewers", Text(Assert.Single(listed)!["name"]));
        Assert.True(channel["authorized"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Forbidden, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forAnotherChannel.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unknownKey.StatusCode);
        Assert.True(played.ExitCode == 0, played.ToString());
        Assert.Equal(["aac", "h264"], played.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct().Order(StringComparer.Ordinal));
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, afterKeyDeleted.StatusCode);
    }

    [Fact]
    public async Task A_fourth_playback_key_pair_exceeds_the_quota_and_a_key_that_is_not_p384_is_refused()
    {
        var results = new List<AwsCliResult>();
        for (var i = 0; i < 4; i++)
        {
            using var signer = new IvsPlaybackTokenSigner(IvsPlaybackTokenSigner.NewPrivateKeyPem());
            results.Add(await _cli.RunAsync("ivs", "import-playback-key-pair", "--public-key-material", _cli.WriteFile($"key-{i}.pem", signer.PublicKeyPem)));
        }

        using var p256 = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var wrongCurve = await _cli.RunAsync("ivs", "import-playback-key-pair", "--public-key-material", _cli.WriteFile("p256.pem", p256.ExportSubjectPublicKeyInfoPem()));

        Assert.All(results.Take(3), r => Assert.True(r.ExitCode == 0, r.ToString()));
        Assert.Contains("(ServiceQuotaExceededException) when calling the ImportPlaybackKeyPair operation", results[3].Error, StringComparison.Ordinal);
        Assert.Contains("(ValidationException) when calling the ImportPlaybackKeyPair operation", wrongCurve.Error, StringComparison.Ordinal);
    }

    private static string Text(JsonNode? node) => node?.GetValue<string>() ?? throw new InvalidOperationException("Missing value in CLI output.");

    private double Delivered(string channelArn)
    {
        var now = DateTimeOffset.UtcNow;
        var byChannel = new Dictionary<string, string> { ["Channel"] = channelArn[(channelArn.LastIndexOf('/') + 1)..] };
        return _aws.Emulator.Metrics.Query("AWS/IVS", "LiveDeliveredTime", byChannel, "Sum", 3600, now.AddHours(-1), now.AddMinutes(1)).Sum(p => p.Value);
    }
}
