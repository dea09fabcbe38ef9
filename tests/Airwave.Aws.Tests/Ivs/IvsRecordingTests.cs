using System.Text.Json.Nodes;
using Airwave.Aws.Tests.Support;
using Airwave.Sandbox.Aws;

namespace Airwave.Aws.Tests.Ivs;

/// <summary>
/// IVS's auto-record to S3 in the emulator, driven with the AWS CLI and read back with ffprobe: a channel that names a
/// recording configuration records each broadcast under IVS's prefix, with its metadata files, its HLS and its
/// thumbnails; a reconnection within the reconnect window continues the same recording.
/// </summary>
public sealed class IvsRecordingTests : IAsyncLifetime, IDisposable
{
    private const string Bucket = "town-hall-recordings";

    private EmulatorHarness _aws = null!;
    private AwsCli _cli = null!;

    public async Task InitializeAsync()
    {
        _aws = await EmulatorHarness.StartAsync(runMedia: true);
        _cli = new AwsCli(_aws.Emulator.BaseAddress, AwsEmulatorOptions.TestCredentials.AccessKeyId, AwsEmulatorOptions.TestCredentials.SecretAccessKey);
        _aws.Emulator.CreateBucket(Bucket);
    }

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task A_broadcast_and_its_reconnection_are_one_recording_in_the_layout_ivs_writes()
    {
        var missingBucket = await _cli.RunAsync("ivs", "create-recording-configuration", "--destination-configuration", "s3={bucketName=no-such-bucket}");
        var configuration = (await _cli.RunAsync("ivs", "create-recording-configuration", "--name", "town-hall",
            "--destination-configuration", $"s3={{bucketName={Bucket}}}",
            "--thumbnail-configuration", "recordingMode=INTERVAL,targetIntervalSeconds=5",
            "--recording-reconnect-window-seconds", "5")).Json["recordingConfiguration"]!;
        var configurationArn = Text(configuration["arn"]);
        var unknownConfiguration = await _cli.RunAsync("ivs", "create-channel", "--name", "other", "--recording-configuration-arn", configurationArn[..^4] + "none");
        var created = (await _cli.RunAsync("ivs", "create-channel", "--name", "town-hall", "--type", "BASIC", "--recording-configuration-arn", configurationArn)).Json;
        var channel = created["channel"]!;
        var channelArn = Text(channel["arn"]);
        var ingest = $"rtmps://{Text(channel["ingestEndpoint"])}/app/{Text(created["streamKey"]!["value"])}";
        var deleteInUse = await _cli.RunAsync("ivs", "delete-recording-configuration", "--arn", configurationArn);

        var first = await TestMedia.PushRtmpAsync(ingest, seconds: 6);
        var second = await TestMedia.PushRtmpAsync(ingest, seconds: 6);
        var ended = await Eventually.MatchAsync(
            async () => (await _cli.RunAsync("s3api", "list-objects-v2", "--bucket", Bucket, "--prefix", "ivs/v1/")).Json["Contents"]?.AsArray().Select(o => Text(o!["Key"])).ToList() ?? [],
            keys => keys.Any(k => k.EndsWith("/events/recording-ended.json", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(40),
            "the recording ended");
        var prefix = ended.Single(k => k.EndsWith("/events/recording-ended.json", StringComparison.Ordinal))[..^"/events/recording-ended.json".Length];
        var local = _cli.PathOf("recording");
        var copied = await _cli.RunAsync("s3", "cp", "--recursive", $"s3://{Bucket}/{prefix}/", local);
        var started = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(local, "events", "recording-started.json")))!;
        var endedMetadata = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(local, "events", "recording-ended.json")))!;
        var playlist = await File.ReadAllTextAsync(Path.Combine(local, "media", "hls", "240p30", "playlist.m3u8"));
        var recorded = await TestMedia.ContentAsync(Path.Combine(local, "media", "hls", "master.m3u8"));
        var duration = await TestMedia.DurationAsync(Path.Combine(local, "media", "hls", "master.m3u8"));
        var thumbnails = Directory.GetFiles(Path.Combine(local, "media", "thumbnails"), "thumb*.jpg");
        var thumbnail = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", Path.Combine(local, "media", "thumbnails", "thumb0.jpg")], TimeSpan.FromSeconds(30));
        var detached = await _cli.RunAsync("ivs", "update-channel", "--arn", channelArn, "--recording-configuration-arn", "");
        var deleted = await _cli.RunAsync("ivs", "delete-recording-configuration", "--arn", configurationArn);

        Assert.Contains("(ValidationException) when calling the CreateRecordingConfiguration operation", missingBucket.Error, StringComparison.Ordinal);
        Assert.Matches("^arn:aws:ivs:us-east-1:123456789012:recording-configuration/[a-zA-Z0-9]{12}$", configurationArn);
        Assert.Equal(("ACTIVE", Bucket, 5), (Text(configuration["state"]), Text(configuration["destinationConfiguration"]!["s3"]!["bucketName"]), configuration["recordingReconnectWindowSeconds"]!.GetValue<int>()));
        Assert.Contains("(ResourceNotFoundException) when calling the CreateChannel operation", unknownConfiguration.Error, StringComparison.Ordinal);
        Assert.Equal(configurationArn, Text(channel["recordingConfigurationArn"]));
        Assert.Contains("(ConflictException) when calling the DeleteRecordingConfiguration operation", deleteInUse.Error, StringComparison.Ordinal);
        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, $"{first}\n{second}");

        var channelId = channelArn[(channelArn.LastIndexOf('/') + 1)..];
        Assert.Matches($@"^ivs/v1/123456789012/{channelId}/20\d\d/[1-9]\d?/[1-9]\d?/\d{{1,2}}/\d{{1,2}}/[a-zA-Z0-9]{{12}}$", prefix);
        Assert.Single(ended, k => k.EndsWith("/events/recording-started.json", StringComparison.Ordinal));
        Assert.True(copied.ExitCode == 0, copied.ToString());
        Assert.Equal(("v1", channelArn, "RECORDING_STARTED"), (Text(started["version"]), Text(started["channel_arn"]), Text(started["recording_status"])));
        Assert.Equal(("RECORDING_ENDED", Text(started["recording_started_at"])), (Text(endedMetadata["recording_status"]), Text(endedMetadata["recording_started_at"])));
        Assert.True(DateTimeOffset.Parse(Text(endedMetadata["recording_ended_at"]), System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.Parse(Text(started["recording_started_at"]), System.Globalization.CultureInfo.InvariantCulture));
        var hls = endedMetadata["media"]!["hls"]!;
        var rendition = hls["renditions"]!.AsArray().Single()!;
        Assert.Equal(("media/hls", "master.m3u8"), (Text(hls["path"]), Text(hls["playlist"])));
        Assert.Equal(("240p30", "playlist.m3u8", 320, 240), (Text(rendition["path"]), Text(rendition["playlist"]), rendition["resolution_width"]!.GetValue<int>(), rendition["resolution_height"]!.GetValue<int>()));
        Assert.Equal("media/thumbnails", Text(endedMetadata["media"]!["thumbnails"]!["path"]));

        // Both pushes, one after the other, in one recording: a discontinuity where the broadcaster came back.
        Assert.InRange(hls["duration_ms"]!.GetValue<long>(), 9_000, 13_000);
        Assert.InRange(duration, 9, 13);
        Assert.Equal(1, playlist.Split('\n').Count(l => l == "#EXT-X-DISCONTINUITY"));
        Assert.Contains("#EXT-X-PLAYLIST-TYPE:VOD", playlist, StringComparison.Ordinal);
        Assert.EndsWith("#EXT-X-ENDLIST\n", playlist, StringComparison.Ordinal);
        Assert.Equal(("h264", "aac"), (recorded.VideoCodec, recorded.AudioCodec));
        Assert.True(recorded.DistinctFrames > 100, $"{recorded.DistinctFrames} distinct frames");
        Assert.InRange(thumbnails.Length, 2, 3);
        Assert.Equal("mjpeg,320,240", thumbnail.StandardOutput.Trim());
        Assert.True(detached.ExitCode == 0, detached.ToString());
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Empty(_aws.Emulator.Inventory.IvsRecordingConfigurations);
    }

    private static string Text(JsonNode? node) => node?.GetValue<string>() ?? throw new InvalidOperationException("missing value");
}
