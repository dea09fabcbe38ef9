using System.Text.RegularExpressions;
using Airwave.Aws.Credentials;
using Airwave.Aws.Http;
using Airwave.Aws.MediaLive;
using Airwave.Aws.S3;
using Airwave.Aws.Tests.Support;
using Airwave.Sandbox.Aws;
using Amazon.S3;

namespace Airwave.Aws.Tests.Media;

/// <summary>
/// Real media through the emulated MediaLive: an ffmpeg push to a running channel's input URL is archived to the
/// emulated S3 in files of the rollover length, named as MediaLive names them, and served live by the MediaPackage
/// channel's origin endpoints; a push to a channel that is not running is refused.
/// </summary>
public sealed partial class ChannelMediaTests : IAsyncLifetime, IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("airwave-archive-test-");
    private readonly StringWriter _logged = new();
    private readonly TextWriter _log;
    private EmulatorHarness _aws = null!;
    private IAmazonS3 _s3 = null!;

    public ChannelMediaTests() => _log = TextWriter.Synchronized(_logged);

    public async Task InitializeAsync()
    {
        _aws = await EmulatorHarness.StartAsync(runMedia: true, log: _log);
        _s3 = S3ClientFactory.Create(AwsClientOptions.ForEmulator(_aws.Emulator.BaseAddress), new StaticCredentialsProvider(AwsEmulatorOptions.TestCredentials));
        await _s3.PutBucketAsync("archive-bucket");
    }

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    public void Dispose()
    {
        _s3.Dispose();
        _logged.Dispose();
        _work.Delete(recursive: true);
    }

    [Fact]
    public async Task A_push_to_a_running_channel_is_archived_in_files_of_the_rollover_length()
    {
        var (_, input) = await LiveStreamResources.CreateInputAsync(_aws.MediaLive, destinations: 1);
        var ingest = input.Destinations![0].Url!;
        var channel = await _aws.MediaLive.CreateChannelAsync(LiveStreamResources.Channel(input.Id, segmentLength: 2), CancellationToken.None);
        var beforeStart = await TestMedia.PushRtmpAsync(ingest, seconds: 2);

        await StartAsync(channel.Id);
        var pushed = await TestMedia.PushRtmpAsync(ingest, seconds: 7);
        var keys = await Eventually.MatchAsync(() => _aws.Emulator.Inventory.Keys("archive-bucket"), k => k.Count == 4, TimeSpan.FromSeconds(20), "four archive files");
        await _aws.MediaLive.StopChannelAsync(channel.Id, CancellationToken.None);
        await Eventually.MatchAsync(async () => (await _aws.MediaLive.DescribeChannelAsync(channel.Id, CancellationToken.None)).State, s => s == ChannelState.Idle, TimeSpan.FromSeconds(10), "the channel stopped");
        var afterStop = await PushAfterStopAsync(ingest);
        using var cli = new AwsCli(_aws.Emulator.BaseAddress, AwsEmulatorOptions.TestCredentials.AccessKeyId, AwsEmulatorOptions.TestCredentials.SecretAccessKey);
        var listed = await cli.RunAsync("s3", "ls", "--recursive", "s3://archive-bucket/");

        Assert.Matches(@"^rtmp://127\.0\.0\.1:\d+/live/workshop-a-1$", ingest);
        Assert.NotEqual(0, beforeStart.ExitCode);
        Assert.Equal(0, pushed.ExitCode);
        Assert.NotEqual(0, afterStop.ExitCode);
        Assert.Equal(Enumerable.Range(1, 4).Select(n => $"workshop-a/pipeline-1/archive_archive.{n:D6}.ts"), keys);
        Assert.Equal(4, ArchiveLine().Count(listed.Output));
        Assert.Equal(keys, _aws.Emulator.Inventory.Keys("archive-bucket"));

        var durations = new List<double>();
        foreach (var key in keys)
        {
            var file = Path.Combine(_work.FullName, Path.GetFileName(key));
            using (var response = await _s3.GetObjectAsync("archive-bucket", key))
            {
                await response.WriteResponseStreamToFileAsync(file, append: false, CancellationToken.None);
            }
            durations.Add(await TestMedia.DurationAsync(file));
        }
        Assert.All(durations.Take(3), d => Assert.InRange(d, 1.8, 2.3));
        Assert.InRange(durations.Sum(), 6.5, 7.5);
    }

    [Fact]
    public async Task A_channel_whose_input_pulls_an_hls_url_records_what_it_pulls()
    {
        // An HLS stream of a moving pattern and a tone, served over HTTP on loopback.
        var source = Directory.CreateDirectory(Path.Combine(_work.FullName, "source")).FullName;
        var made = await MakeHlsAsync(source, seconds: 6);
        var (server, url) = await ServeAsync(source);
        await using var serving = server;
        var (input, channel) = await StartPullingAsync(url);
        // The whole of it, pulled at its own pace, then the channel stops and its file is archived.
        await Task.Delay(TimeSpan.FromSeconds(8));
        await _aws.MediaLive.StopChannelAsync(channel.Id, CancellationToken.None);
        // A source that plays raises no alert about it, neither when the channel starts nor when the ended source is
        // pulled again; the channel had no video before the first read, and had some once it began.
        var alerts = (await _aws.MediaLive.ListAlertsAsync(channel.Id, ChannelAlertState.Set, CancellationToken.None))
            .Concat(await _aws.MediaLive.ListAlertsAsync(channel.Id, ChannelAlertState.Cleared, CancellationToken.None)).ToList();
        var keys = await Eventually.MatchAsync(() => _aws.Emulator.Inventory.Keys("archive-bucket"), k => k.Count >= 1, TimeSpan.FromSeconds(40), "the pulled media archived");
        var file = Path.Combine(_work.FullName, "pulled.ts");
        using (var response = await _s3.GetObjectAsync("archive-bucket", keys[0]))
        {
            await response.WriteResponseStreamToFileAsync(file, append: false, CancellationToken.None);
        }

        var content = await TestMedia.ContentAsync(file);
        Assert.True(made.ExitCode == 0, made.ToString());
        Assert.Equal(("UrlPull", url), (input.Type.ToString(), input.Sources![0].Url));
        Assert.DoesNotContain(alerts, a => a.AlertType != ChannelAlertTypes.VideoNotDetected);
        Assert.Contains(alerts, a => a.AlertType == ChannelAlertTypes.VideoNotDetected && a.State == ChannelAlertState.Cleared);
        Assert.Equal(("h264", "aac"), (content.VideoCodec, content.AudioCodec));
        Assert.True(await TestMedia.DurationAsync(file) >= 5, "the recording holds the pulled stream");
        Assert.True(content.DistinctFrames > 50, $"{content.DistinctFrames} distinct frames");
        Assert.True(content.MeanVolumeDb > -30, $"mean volume {content.MeanVolumeDb} dB");
    }

    [Fact]
    public async Task A_pull_source_that_cannot_be_read_raises_a_channel_alert_that_clears_when_it_plays()
    {
        // Served, but not there yet: the channel's fetches are answered 404.
        var source = Directory.CreateDirectory(Path.Combine(_work.FullName, "late-source")).FullName;
        var (server, url) = await ServeAsync(source);
        await using var serving = server;
        var (_, channel) = await StartPullingAsync(url);

        var raised = await Eventually.MatchAsync(() => SetAlertsAsync(channel.Id, ChannelAlertTypes.InputResourceUnavailable), a => a.Count > 0, TimeSpan.FromSeconds(30), "an alert for the missing source");
        var noVideo = await SetAlertsAsync(channel.Id, ChannelAlertTypes.VideoNotDetected);
        var made = await MakeHlsAsync(source, seconds: 20);
        await Eventually.MatchAsync(() => _aws.MediaLive.ListAlertsAsync(channel.Id, ChannelAlertState.Set, CancellationToken.None), a => a.Count == 0, TimeSpan.FromSeconds(30), "the alerts cleared once the source plays");
        var cleared = (await _aws.MediaLive.ListAlertsAsync(channel.Id, ChannelAlertState.Cleared, CancellationToken.None)).Where(a => a.AlertType == ChannelAlertTypes.InputResourceUnavailable);
        await _aws.MediaLive.StopChannelAsync(channel.Id, CancellationToken.None);

        var alert = Assert.Single(raised);
        Assert.Equal(("Unable to Access Input Resource", "0"), (alert.AlertType, alert.PipelineId));
        Assert.Contains(url, alert.Message, StringComparison.Ordinal);
        Assert.Contains("404", alert.Message, StringComparison.Ordinal);
        Assert.True(made.ExitCode == 0, made.ToString());
        var over = Assert.Single(cleared);
        Assert.Equal((alert.Id, ChannelAlertState.Cleared), (over.Id, over.State));
        Assert.Equal("0", Assert.Single(noVideo).PipelineId);
        Assert.NotNull(over.ClearedTimestamp);
    }

    [Fact]
    public async Task A_channel_says_running_only_once_its_input_takes_pushes()
    {
        var (_, input) = await LiveStreamResources.CreateInputAsync(_aws.MediaLive, destinations: 1);
        var channel = await _aws.MediaLive.CreateChannelAsync(LiveStreamResources.Channel(input.Id, segmentLength: 2), CancellationToken.None);
        var port = int.Parse(input.Destinations![0].Port!, System.Globalization.CultureInfo.InvariantCulture);
        var listeningWhenRunning = new List<bool>();

        // Each start is a new race between the channel's state and its pipelines; the emulator's transitions take no time here.
        for (var start = 0; start < 3; start++)
        {
            await StartAsync(channel.Id);
            listeningWhenRunning.Add(await Listening(port));
            await _aws.MediaLive.StopChannelAsync(channel.Id, CancellationToken.None);
            await Eventually.MatchAsync(async () => (await _aws.MediaLive.DescribeChannelAsync(channel.Id, CancellationToken.None)).State, s => s == ChannelState.Idle, TimeSpan.FromSeconds(10), "the channel stopped");
            await Eventually.MatchAsync(() => Listening(port), listening => !listening, TimeSpan.FromSeconds(20), "the input's port closed");
        }

        Assert.Equal([true, true, true], listeningWhenRunning);
    }

    [Fact]
    public async Task Stopping_a_channel_in_the_middle_of_a_push_keeps_what_was_recorded_and_ends_the_push()
    {
        var (_, input) = await LiveStreamResources.CreateInputAsync(_aws.MediaLive, destinations: 1);
        var channel = await _aws.MediaLive.CreateChannelAsync(LiveStreamResources.Channel(input.Id, segmentLength: 60), CancellationToken.None);
        await StartAsync(channel.Id);

        var push = TestMedia.PushRtmpAsync(input.Destinations![0].Url!, seconds: 30);
        await Task.Delay(TimeSpan.FromSeconds(6));
        await _aws.MediaLive.StopChannelAsync(channel.Id, CancellationToken.None);
        var pushed = await push;
        var keys = await Eventually.MatchAsync(() => _aws.Emulator.Inventory.Keys("archive-bucket"), k => k.Count == 1, TimeSpan.FromSeconds(40), "the interrupted file archived");
        var file = Path.Combine(_work.FullName, "interrupted.ts");
        using (var response = await _s3.GetObjectAsync("archive-bucket", keys[0]))
        {
            await response.WriteResponseStreamToFileAsync(file, append: false, CancellationToken.None);
        }

        Assert.NotEqual(0, pushed.ExitCode);
        Assert.Equal("workshop-a/pipeline-1/archive_archive.000001.ts", keys[0]);
        Assert.InRange(await TestMedia.DurationAsync(file), 3, 9);
    }

    [Fact]
    public async Task The_origin_endpoint_serves_the_channels_ladder_its_live_window_and_a_start_over_span()
    {
        await _aws.MediaPackage.CreateChannelAsync(new Airwave.Aws.MediaPackage.CreateChannelRequest("workshop-a"), CancellationToken.None);
        var endpoint = await _aws.MediaPackage.CreateOriginEndpointAsync(
            new Airwave.Aws.MediaPackage.CreateOriginEndpointRequest("workshop-a", "workshop-a-hls", new Airwave.Aws.MediaPackage.HlsPackage(SegmentDurationSeconds: 1, PlaylistWindowSeconds: 3), StartoverWindowSeconds: 300),
            CancellationToken.None);
        var (_, input) = await LiveStreamResources.CreateInputAsync(_aws.MediaLive, destinations: 1);
        var request = LiveStreamResources.Channel(input.Id, segmentLength: 2);
        var small = request.EncoderSettings.VideoDescriptions[0] with { Name = "video_360p", Width = 640, Height = 360, CodecSettings = new VideoCodecSettings(new H264Settings(Bitrate: 800_000, RateControlMode: "CBR")) };
        var channel = await _aws.MediaLive.CreateChannelAsync(request with
        {
            Destinations = [new OutputDestination("mediapackage", MediaPackageSettings: [new MediaPackageOutputDestinationSettings("workshop-a")])],
            EncoderSettings = request.EncoderSettings with
            {
                OutputGroups =
                [
                    new OutputGroup(
                        new OutputGroupSettings(MediaPackageGroupSettings: new MediaPackageGroupSettings(new OutputLocationRef("mediapackage"))),
                        [
                            new Output(new OutputSettings(MediaPackageOutputSettings: new MediaPackageOutputSettings()), "720p", LiveEncoderSettings.VideoName, [LiveEncoderSettings.AudioName]),
                            new Output(new OutputSettings(MediaPackageOutputSettings: new MediaPackageOutputSettings()), "360p", small.Name, [LiveEncoderSettings.AudioName]),
                        ],
                        "mediapackage"),
                ],
                VideoDescriptions = [.. request.EncoderSettings.VideoDescriptions, small],
            },
        }, CancellationToken.None);
        using var http = new HttpClient();
        using var beforeAnyMedia = await http.GetAsync(new Uri(endpoint.Url));

        await StartAsync(channel.Id);
        var pushedAt = DateTimeOffset.UtcNow;
        var pushed = await TestMedia.PushRtmpAsync(input.Destinations![0].Url!, seconds: 8);
        var master = await http.GetStringAsync(new Uri(endpoint.Url));
        var variants = master.Split('\n').Where(l => l.EndsWith(".m3u8", StringComparison.Ordinal)).Select(l => new Uri(new Uri(endpoint.Url), l)).ToList();

        // The encoder runs a little behind the push: every rendition holds all of it once the encoder caught up.
        var everything = new List<string>();
        foreach (var variant in variants)
        {
            everything.Add(await Eventually.MatchAsync(
                () => http.GetStringAsync(new Uri($"{variant}?start={pushedAt.ToUnixTimeSeconds() - 60}")),
                text => Durations(text).Sum() >= 7,
                TimeSpan.FromSeconds(30),
                $"{variant} holding the whole push"));
        }

        var live = await http.GetStringAsync(variants[0]);
        var first = DateTimeOffset.Parse(everything[0].Split('\n').First(l => l.StartsWith("#EXT-X-PROGRAM-DATE-TIME:", StringComparison.Ordinal))["#EXT-X-PROGRAM-DATE-TIME:".Length..], System.Globalization.CultureInfo.InvariantCulture);

        // The span is asked of the master, as a player asks it; the renditions' playlists carry it on.
        var spanMaster = await http.GetStringAsync(new Uri($"{endpoint.Url}?start={first.ToUnixTimeSeconds()}&end={first.ToUnixTimeSeconds() + 4}"));
        var spans = new List<string>();
        foreach (var uri in spanMaster.Split('\n').Where(l => l.Contains(".m3u8", StringComparison.Ordinal)))
        {
            spans.Add(await http.GetStringAsync(new Uri(new Uri(endpoint.Url), uri)));
        }

        var segment = live.Split('\n').Last(l => l.EndsWith(".ts", StringComparison.Ordinal));
        using var segmentResponse = await http.GetAsync(new Uri(new Uri(endpoint.Url), segment));
        var sizes = new List<string>();
        foreach (var variant in variants)
        {
            var last = (await http.GetStringAsync(variant)).Split('\n').Last(l => l.EndsWith(".ts", StringComparison.Ordinal));
            var probe = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0:s=x", new Uri(new Uri(endpoint.Url), last).ToString()], TimeSpan.FromSeconds(30));
            // A transport stream lists its video once as a stream and again under its program.
            sizes.Add(string.Join(",", probe.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct()));
        }

        Assert.Equal(System.Net.HttpStatusCode.NotFound, beforeAnyMedia.StatusCode);
        Assert.StartsWith(_aws.Emulator.BaseAddress + "out/v1/", endpoint.Url, StringComparison.Ordinal);
        Assert.Equal(0, pushed.ExitCode);
        Assert.Equal(
            ["#EXT-X-STREAM-INF:BANDWIDTH=3128000,RESOLUTION=1280x720", "index_1.m3u8", "#EXT-X-STREAM-INF:BANDWIDTH=928000,RESOLUTION=640x360", "index_2.m3u8"],
            master.Split('\n').Where(l => l.StartsWith("#EXT-X-STREAM-INF", StringComparison.Ordinal) || l.EndsWith(".m3u8", StringComparison.Ordinal)));
        Assert.Equal(["1280x720", "640x360"], sizes);
        Assert.InRange(Durations(live).Sum(), 1, 3.01);
        Assert.DoesNotContain("#EXT-X-ENDLIST", live, StringComparison.Ordinal);
        Assert.Equal(2, spans.Count);
        Assert.All(spans, span => Assert.EndsWith("#EXT-X-ENDLIST\n", span, StringComparison.Ordinal));
        Assert.All(spans, span => Assert.InRange(Durations(span).Sum(), 3, 6));
        Assert.All(everything, all => Assert.InRange(Durations(all).Sum(), 7, 9));
        Assert.True(Durations(spans[0]).Sum() > Durations(live).Sum(), "the start-over span reaches back past the live window");
        Assert.Equal("video/MP2T", segmentResponse.Content.Headers.ContentType?.MediaType);
        Assert.True((await segmentResponse.Content.ReadAsByteArrayAsync()).Length > 0);
    }

    [Fact]
    public async Task A_push_from_an_address_the_security_group_does_not_allow_is_refused_until_it_allows_it()
    {
        var group = await _aws.MediaLive.CreateInputSecurityGroupAsync(new CreateInputSecurityGroupRequest([new InputWhitelistRule("203.0.113.0/24")]), CancellationToken.None);
        var input = await _aws.MediaLive.CreateInputAsync(new CreateInputRequest("workshop-a", InputType.RtmpPush, [new InputDestinationRequest("live/workshop-a-1")], [group.Id]), CancellationToken.None);
        var channel = await _aws.MediaLive.CreateChannelAsync(LiveStreamResources.Channel(input.Id, segmentLength: 2), CancellationToken.None);
        // The port takes connections once the channel runs; the security group decides what happens to them next.
        await StartAsync(channel.Id);
        var refused = await TestMedia.PushRtmpAsync(input.Destinations![0].Url!, seconds: 2);
        await _aws.MediaLive.UpdateInputSecurityGroupAsync(group.Id, new UpdateInputSecurityGroupRequest([new InputWhitelistRule("203.0.113.0/24"), new InputWhitelistRule("127.0.0.1/32")]), CancellationToken.None);
        // The pipeline takes the new whitelist within moments, as MediaLive applies a group's update to its inputs.
        var admitted = await PushUntilAcceptedAsync(input.Destinations[0].Url!, seconds: 3);
        var keys = await Eventually.MatchAsync(() => _aws.Emulator.Inventory.Keys("archive-bucket"), k => k.Count >= 1, TimeSpan.FromSeconds(20), "the admitted push archived");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Equal(0, admitted.ExitCode);
        Assert.All(keys, k => Assert.StartsWith("workshop-a/pipeline-1/archive_archive.", k, StringComparison.Ordinal));
        // Dropped by the security group: AWS's API shows nothing of it, the emulator's log says who and why.
        Assert.Contains($"MediaLive emulator: channel {channel.Id} pipeline 0, input destination 127.0.0.1:{new Uri(input.Destinations[0].Url!).Port}: dropped a connection from 127.0.0.1, which is outside the input security group's allowed CIDRs (203.0.113.0/24).", Logged(), StringComparison.Ordinal);
        // Refused or taken, a push is no alert of the security group's: only that the channel has no video now.
        Assert.Equal([ChannelAlertTypes.VideoNotDetected], (await _aws.MediaLive.ListAlertsAsync(channel.Id, ChannelAlertState.Set, CancellationToken.None)).Select(a => a.AlertType));
    }

    [Fact]
    public async Task A_publish_under_another_stream_name_is_refused_with_a_channel_alert_that_the_right_one_clears()
    {
        var (_, input) = await LiveStreamResources.CreateInputAsync(_aws.MediaLive, destinations: 1);
        var ingest = input.Destinations![0].Url!;
        var channel = await _aws.MediaLive.CreateChannelAsync(LiveStreamResources.Channel(input.Id, segmentLength: 2), CancellationToken.None);
        await StartAsync(channel.Id);

        // An old or mistyped stream key: the same application, another stream name.
        var wrong = await TestMedia.PushRtmpAsync(ingest.Replace("workshop-a-1", "workshop-a-0ld", StringComparison.Ordinal), seconds: 2);
        var raised = await SetAlertsAsync(channel.Id, ChannelAlertTypes.RtmpStreamNotFound);
        var right = await TestMedia.PushRtmpAsync(ingest, seconds: 2);
        var afterRight = await SetAlertsAsync(channel.Id, ChannelAlertTypes.RtmpStreamNotFound);
        var cleared = (await _aws.MediaLive.ListAlertsAsync(channel.Id, ChannelAlertState.Cleared, CancellationToken.None)).Where(a => a.AlertType == ChannelAlertTypes.RtmpStreamNotFound);
        await _aws.MediaLive.StopChannelAsync(channel.Id, CancellationToken.None);

        Assert.NotEqual(0, wrong.ExitCode);
        Assert.True(right.ExitCode == 0, right.ToString());
        var alert = Assert.Single(raised);
        Assert.Equal(("RTMP Stream Not Found", "0"), (alert.AlertType, alert.PipelineId));
        Assert.Equal("The RTMP publish from 127.0.0.1 was refused: its stream name is not the input destination's.", alert.Message);
        Assert.Empty(afterRight);
        Assert.Equal(alert.Id, Assert.Single(cleared).Id);
        Assert.Contains($"MediaLive emulator: channel {channel.Id} pipeline 0, input destination 127.0.0.1:{new Uri(ingest).Port}: refused a publish from 127.0.0.1: its stream name is not the destination's (a wrong stream key).", Logged(), StringComparison.Ordinal);
        // Neither the destination's stream name (the key) nor the one tried is written anywhere.
        Assert.DoesNotContain("workshop-a-1", Logged() + alert.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("workshop-a-0ld", Logged() + alert.Message, StringComparison.Ordinal);
    }

    private string Logged()
    {
        // The synchronized writer's methods lock on the writer itself.
        lock (_log)
        {
            return _logged.ToString();
        }
    }

    [Fact]
    public async Task Hls_pushed_to_a_mediapackage_ingest_url_with_its_credentials_plays_at_the_origin_endpoint()
    {
        var packageChannel = await _aws.MediaPackage.CreateChannelAsync(new Airwave.Aws.MediaPackage.CreateChannelRequest("encoder-push"), CancellationToken.None);
        var endpoint = await _aws.MediaPackage.CreateOriginEndpointAsync(
            new Airwave.Aws.MediaPackage.CreateOriginEndpointRequest("encoder-push", "encoder-push-hls", new Airwave.Aws.MediaPackage.HlsPackage(SegmentDurationSeconds: 1, PlaylistWindowSeconds: 60)),
            CancellationToken.None);
        var ingest = packageChannel.HlsIngest!.IngestEndpoints![0];
        var hls = Directory.CreateDirectory(Path.Combine(_work.FullName, "hls"));
        await HlsIngestPush.MakeAsync(hls.FullName, seconds: 3);

        // As an encoder pushes: curl with HTTP Digest, segments first, then the playlist that lists them.
        var refused = await HlsIngestPush.PutAsync(Path.Combine(hls.FullName, "channel_0.ts"), ingest.Url + "_0.ts", ingest.Username, "not-the-password");
        Assert.All(await HlsIngestPush.PushAsync(hls.FullName, ingest), status => Assert.Equal("201", status));
        using var http = new HttpClient();
        var playlist = await http.GetStringAsync(new Uri(endpoint.Url));
        var probe = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", endpoint.Url], TimeSpan.FromSeconds(60));

        Assert.StartsWith(_aws.Emulator.BaseAddress + "in/v2/", ingest.Url, StringComparison.Ordinal);
        Assert.Equal("401", refused.StandardOutput.Trim());
        Assert.True(probe.ExitCode == 0, probe.ToString());
        Assert.Equal(["aac", "h264"], probe.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().Order());
        Assert.InRange(Durations(playlist).Sum(), 2.5, 3.5);
    }

    /// <summary>An HLS stream of a moving pattern and a tone, index.m3u8 in the folder.</summary>
    private static Task<ProcessResult> MakeHlsAsync(string folder, int seconds) =>
        ProcessRunner.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440", "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c:v", "libx264", "-g", "25", "-c:a", "aac", "-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod", Path.Combine(folder, "index.m3u8")], TimeSpan.FromSeconds(60));

    /// <summary>The folder served over HTTP on loopback, and the URL of its index.m3u8.</summary>
    private static async Task<(RunningProcess Server, string Url)> ServeAsync(string folder)
    {
        var port = LoopbackPorts.Reserve();
        var server = RunningProcess.Start("python3", ["-m", "http.server", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--directory", folder]);
        await Eventually.MatchAsync(() => Listening(port), listening => listening, TimeSpan.FromSeconds(20), "the HLS source served");
        return (server, $"http://127.0.0.1:{port}/index.m3u8");
    }

    [Fact]
    public async Task Video_not_detected_is_set_until_a_push_arrives_cleared_while_it_lasts_and_set_again_when_it_ends()
    {
        var (_, input) = await LiveStreamResources.CreateInputAsync(_aws.MediaLive, destinations: 1);
        var channel = await _aws.MediaLive.CreateChannelAsync(LiveStreamResources.Channel(input.Id, segmentLength: 2), CancellationToken.None);
        await StartAsync(channel.Id);

        var before = await SetAlertsAsync(channel.Id, ChannelAlertTypes.VideoNotDetected);
        var push = TestMedia.PushRtmpAsync(input.Destinations![0].Url!, seconds: 8);
        var during = await Eventually.MatchAsync(() => SetAlertsAsync(channel.Id, ChannelAlertTypes.VideoNotDetected), a => a.Count == 0, TimeSpan.FromSeconds(20), "the alert cleared by the push");
        var pushed = await push;
        var after = await Eventually.MatchAsync(() => SetAlertsAsync(channel.Id, ChannelAlertTypes.VideoNotDetected), a => a.Count == 1, TimeSpan.FromSeconds(20), "the alert set again once the push ended");
        await _aws.MediaLive.StopChannelAsync(channel.Id, CancellationToken.None);

        Assert.True(pushed.ExitCode == 0, pushed.ToString());
        var first = Assert.Single(before);
        Assert.Equal("0", first.PipelineId);
        Assert.Empty(during);
        Assert.True(after[0].SetTimestamp > first.SetTimestamp, "set again when the push ended, not kept from the start");
    }

    private async Task<(Input Input, Channel Channel)> StartPullingAsync(string url)
    {
        var input = await _aws.MediaLive.CreateInputAsync(new CreateInputRequest("lobby", InputType.UrlPull, null, null, Sources: [new InputSourceRequest(url)]), CancellationToken.None);
        var channel = await _aws.MediaLive.CreateChannelAsync(LiveStreamResources.Channel(input.Id, segmentLength: 60), CancellationToken.None);
        await StartAsync(channel.Id);
        return (input, channel);
    }

    /// <summary>The channel's SET alerts of one type.</summary>
    private async Task<IReadOnlyList<ChannelAlert>> SetAlertsAsync(string channelId, string alertType) =>
        [.. (await _aws.MediaLive.ListAlertsAsync(channelId, ChannelAlertState.Set, CancellationToken.None)).Where(a => a.AlertType == alertType)];

    /// <summary>Starts the channel and waits until DescribeChannel says RUNNING.</summary>
    private async Task StartAsync(string channelId)
    {
        await _aws.MediaLive.StartChannelAsync(channelId, CancellationToken.None);
        await Eventually.MatchAsync(async () => (await _aws.MediaLive.DescribeChannelAsync(channelId, CancellationToken.None)).State, s => s == ChannelState.Running, TimeSpan.FromSeconds(20), "the channel running");
    }

    private static async Task<bool> Listening(int port)
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static IEnumerable<double> Durations(string playlist) =>
        playlist.Split('\n').Where(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal))
            .Select(l => double.Parse(l["#EXTINF:".Length..].TrimEnd(','), System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The channel listens within a moment of RUNNING; until then a push is refused at once, and is tried again.</summary>
    private static async Task<ProcessResult> PushUntilAcceptedAsync(string url, int seconds)
    {
        ProcessResult result = null!;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            result = await TestMedia.PushRtmpAsync(url, seconds);
            if (result.ExitCode == 0)
            {
                return result;
            }
            await Task.Delay(250);
        }
        return result;
    }

    /// <summary>The pipeline ends within a moment of STOPPING; a push is refused once it has.</summary>
    private static async Task<ProcessResult> PushAfterStopAsync(string url)
    {
        ProcessResult result = null!;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            result = await TestMedia.PushRtmpAsync(url, seconds: 1);
            if (result.ExitCode != 0)
            {
                return result;
            }
            await Task.Delay(250);
        }
        return result;
    }

    [GeneratedRegex(@"\d+ workshop-a/pipeline-1/archive_archive\.\d{6}\.ts")]
    private static partial Regex ArchiveLine();
}
