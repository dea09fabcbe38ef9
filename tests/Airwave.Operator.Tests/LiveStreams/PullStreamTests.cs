using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Aws;
using static Airwave.Operator.Tests.StatusOf;

namespace Airwave.Operator.Tests.LiveStreams;

/// <summary>The sandbox with media whose downstream events stay in the outbox: pulled streams' tests read both.</summary>
public sealed class PullSandbox : OutboxSandbox
{
    protected override bool RunMedia => true;
}

/// <summary>
/// A stream whose channel pulls an HLS URL the test serves: the emulated channel fetches it with ffmpeg, so the
/// session's recording holds the pulled media; no one pushes, so there is no security group and no ingest Secret.
/// </summary>
public sealed class PullStreamTests(PullSandbox sandbox) : IClassFixture<PullSandbox>, IAsyncLifetime
{
    private readonly DirectoryInfo _source = Directory.CreateTempSubdirectory("airwave-pulled-source-");
    private RunningProcess? _server;
    private string _url = "";

    public async Task InitializeAsync()
    {
        // Eight seconds of a moving pattern and a tone as HLS, served over HTTP on loopback.
        var made = await ProcessRunner.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440", "-t", "8", "-c:v", "libx264", "-g", "25", "-c:a", "aac", "-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod", Path.Combine(_source.FullName, "index.m3u8")], TimeSpan.FromSeconds(60));
        Assert.True(made.ExitCode == 0, made.ToString());
        var port = LoopbackPorts.Reserve();
        _server = RunningProcess.Start("python3", ["-m", "http.server", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--directory", _source.FullName]);
        _url = $"http://127.0.0.1:{port}/index.m3u8";
        using var http = new HttpClient();
        await Eventually.MatchAsync(
            async () =>
            {
                try
                {
                    return (await http.GetAsync(new Uri(_url))).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            served => served,
            TimeSpan.FromSeconds(20),
            "the HLS source served");
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _source.Delete(recursive: true);
    }

    [Fact]
    public async Task A_stream_pulling_an_hls_url_records_what_it_pulls_and_tells_downstream_what_it_pulls()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        // A Secret of the name an ingest Secret would have, someone else's: a pulled stream needs none and leaves it alone.
        await sandbox.Kubectl.SucceedAsync("create", "secret", "generic", "lobby-ingest", "-n", ns, "--from-literal=note=not the stream's");
        await ApplyPulledAsync(ns, _url);

        var running = (await sandbox.WaitForAsync(ns, "livestream", "lobby", s => Phase(s) == "Running", "lobby Running"))!;
        var secret = await sandbox.GetAsync(ns, "secret", "lobby-ingest");
        await Task.Delay(TimeSpan.FromSeconds(10));
        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", "lobby", "--type=merge", "-p", """{"spec":{"state":"Stopped"}}""");
        var idle = (await sandbox.WaitForAsync(ns, "livestream", "lobby", s => Phase(s) == "Idle", "lobby Idle"))!;
        var started = (await sandbox.OutboxEventsAsync()).Single(e => (string?)e["subject"] == $"{ns}/lobby" && (string?)e["type"] == "dev.airwave.stream.started");

        var archivePath = (string)idle["status"]!["sessions"]![0]!["archivePath"]!;
        using var cli = new AwsCli(sandbox.Host.Aws!.BaseAddress, AwsEmulatorOptions.TestCredentials.AccessKeyId, AwsEmulatorOptions.TestCredentials.SecretAccessKey);
        var local = Directory.CreateTempSubdirectory("airwave-pulled-recorded-").FullName;
        await cli.RunAsync("s3", "cp", "--recursive", archivePath + "/", local);
        var inputs = (await cli.RunAsync("medialive", "list-inputs")).Json["Inputs"]!.AsArray();
        await sandbox.Kubectl.SucceedAsync("delete", "livestream", "lobby", "-n", ns, "--wait=true");

        Assert.Equal($"The channel is running and pulls {_url}.", (string?)Condition(running, "Ready")!["message"]);
        Assert.Null(running["status"]!["ingest"]);
        Assert.Null(running["status"]!["aws"]!["inputSecurityGroupId"]);
        Assert.Equal(["note"], secret!["data"]!.AsObject().Select(kv => kv.Key));
        Assert.Null(secret["metadata"]!["ownerReferences"]);
        var input = Assert.Single(inputs, i => (string?)i!["Id"] == (string?)running["status"]!["aws"]!["inputId"])!;
        Assert.Equal(("URL_PULL", _url), ((string?)input["Type"], (string?)input["Sources"]![0]!["Url"]));

        var external = started["data"]!["stream_data"]!["external_stream"]!;
        Assert.Equal((_url, "hls", "http", "127.0.0.1", "/index.m3u8", false), ((string?)external["url"], (string?)external["stream_type"], (string?)external["protocol"], (string?)external["domain"], (string?)external["path"], (bool)external["is_video_file"]!));
        Assert.Equal("lobby", (string?)external["name"]);

        // The source is a file of eight seconds: the first recording holds all of it (a source that ended is pulled
        // again, as MediaLive retries an input, and each pull is recorded in a file of its own, as each push is).
        var recording = Directory.GetFiles(local, "*.ts", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        var content = await TestMedia.ContentAsync(recording);
        var duration = await TestMedia.DurationAsync(recording);
        Assert.Equal(("h264", "aac"), (content.VideoCodec, content.AudioCodec));
        Assert.True(duration >= 6, $"{duration} s recorded");
        Assert.True(content.DistinctFrames > duration * 10, $"{content.DistinctFrames} distinct frames in {duration} s");
        Assert.True(content.MeanVolumeDb > -30, $"mean volume {content.MeanVolumeDb} dB");
        await Eventually.MatchAsync(() => AwsResourcesOf.Namespace(sandbox.Host.Aws!, ns), left => left == AwsResourcesOf.None, OperatorSandbox.Timeout, "nothing of the stream left in AWS");
        Directory.Delete(local, recursive: true);
    }

    [Fact]
    public async Task A_source_the_channel_cannot_read_makes_the_stream_not_ready_saying_why_until_it_plays()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        var late = Path.Combine(_source.FullName, $"late-{ns}.m3u8");
        var url = _url.Replace("index.m3u8", Path.GetFileName(late), StringComparison.Ordinal);
        await ApplyPulledAsync(ns, url);

        // Running (the channel runs, and is billed) but not Ready: the source answers 404.
        var unreachable = (await sandbox.WaitForAsync(ns, "livestream", "lobby", s => Phase(s) == "Running" && Condition(s, "InputReady")?["reason"]?.GetValue<string>() == "SourceUnreachable", "lobby Running with its source unreachable"))!;
        var warnings = await sandbox.Kubectl.SucceedAsync("get", "events", "-n", ns, "--field-selector", "reason=SourceUnreachable", "-o", "json");

        // The source comes online: the same media under the name the stream pulls.
        File.Copy(Path.Combine(_source.FullName, "index.m3u8"), late);
        var recovered = (await sandbox.WaitForAsync(ns, "livestream", "lobby", s => Condition(s, "Ready")?["status"]?.GetValue<string>() == "True", "lobby Ready once its source plays"))!;
        var recoveries = await sandbox.Kubectl.SucceedAsync("get", "events", "-n", ns, "--field-selector", "reason=SourceReachable", "-o", "json");
        await sandbox.Kubectl.SucceedAsync("delete", "livestream", "lobby", "-n", ns, "--wait=true");

        var input = Condition(unreachable, "InputReady")!;
        var ready = Condition(unreachable, "Ready")!;
        Assert.Equal(("False", "False", "SourceUnreachable"), ((string?)input["status"], (string?)ready["status"], (string?)ready["reason"]));
        Assert.Contains(url, (string)input["message"]!, StringComparison.Ordinal);
        Assert.Contains("404 Not Found", (string)input["message"]!, StringComparison.Ordinal);
        Assert.Contains(url, (string)ready["message"]!, StringComparison.Ordinal);
        var warning = Assert.Single(JsonNode.Parse(warnings)!["items"]!.AsArray())!;
        Assert.Equal("Warning", (string?)warning["type"]);
        Assert.Contains("404 Not Found", (string)warning["message"]!, StringComparison.Ordinal);
        Assert.Equal(("Running", "True", "Created"), (Phase(recovered), (string?)Condition(recovered, "InputReady")!["status"], (string?)Condition(recovered, "InputReady")!["reason"]));
        Assert.Equal($"The channel is running and pulls {url}.", (string?)Condition(recovered, "Ready")!["message"]);
        Assert.Equal("Normal", (string?)Assert.Single(JsonNode.Parse(recoveries)!["items"]!.AsArray())!["type"]);

        // The input was deleted last; MediaLive takes a moment to finish deleting it.
        await Eventually.MatchAsync(() => AwsResourcesOf.Namespace(sandbox.Host.Aws!, ns), left => left == AwsResourcesOf.None, OperatorSandbox.Timeout, "nothing of the stream left in AWS");
    }

    [Fact]
    public async Task An_rtsp_url_is_refused_saying_what_can_be_pulled()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.ApplyAsync(ns, """
            apiVersion: media.airwave.dev/v1alpha1
            kind: LiveStream
            metadata: { name: door-camera }
            spec:
              state: Running
              source: { type: Pull, pull: { url: "rtsp://10.0.0.5/stream1" } }
            """);

        var failed = await sandbox.WaitForAsync(ns, "livestream", "door-camera", s => Phase(s) == "Failed", "door-camera Failed");

        var ready = Condition(failed, "Ready")!;
        Assert.Equal("InvalidSpec", (string?)ready["reason"]);
        Assert.StartsWith("spec.source.pull.url: Invalid value: \"rtsp://10.0.0.5/stream1\": RTSP cannot be pulled", (string?)ready["message"], StringComparison.Ordinal);
        Assert.Equal(AwsResourcesOf.None, AwsResourcesOf.Namespace(sandbox.Host.Aws!, ns));
    }

    /// <summary>A running stream, lobby, pulling the URL.</summary>
    private Task ApplyPulledAsync(string ns, string url) =>
        sandbox.ApplyAsync(ns, $$"""
            apiVersion: media.airwave.dev/v1alpha1
            kind: LiveStream
            metadata: { name: lobby }
            spec:
              state: Running
              source: { type: Pull, pull: { url: "{{url}}" } }
            """);
}
