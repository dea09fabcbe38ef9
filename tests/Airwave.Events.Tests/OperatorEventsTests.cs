using Airwave.Events.Tests.Infrastructure;
using Airwave.Sandbox;
using Airwave.Testing.Downstream;

namespace Airwave.Events.Tests;

/// <summary>
/// The operator in the sandbox, driven with kubectl, publishing a stream's life to a receiver, and tracing to a
/// collector as <c>otel.endpoint</c> makes it.
/// </summary>
public sealed class OperatorEventsTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly string _directory = Directory.CreateTempSubdirectory("airwave-events-operator-").FullName;
    private readonly string _secret = TestEvents.NewSecret();
    private Receiver _receiver = null!;
    private OtlpCollector _collector = null!;
    private SandboxHost _sandbox = null!;
    private Kubectl _kubectl = null!;

    public async Task InitializeAsync()
    {
        _receiver = await Receiver.StartAsync();
        _receiver.Secrets = [_secret];
        _receiver.Token = "operator-token";
        _collector = await OtlpCollector.StartAsync();
        _sandbox = await SandboxHost.StartAsync(
            new SandboxOptions
            {
                KubePort = 0,
                AwsPort = 0,
                OperatorPort = 0,
                KubeconfigPath = Path.Combine(_directory, "sandbox.kubeconfig"),
                AwsTransitionDelay = TimeSpan.FromMilliseconds(200),
                OperatorPollInterval = TimeSpan.FromMilliseconds(100),
                OperatorResyncInterval = TimeSpan.FromSeconds(2),
                OperatorSettings = new Dictionary<string, string?>
                {
                    ["DOWNSTREAM_SERVICE_ENABLED"] = "true",
                    ["DOWNSTREAM_SERVICE_URL"] = _receiver.Url.ToString(),
                    ["DOWNSTREAM_SERVICE_TOKEN"] = _receiver.Token,
                    ["DOWNSTREAM_SERVICE_SIGNING_SECRET"] = _secret,
                    ["Downstream:PollInterval"] = "00:00:00.500",
                    ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _collector.Address,
                    ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                    ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
                },
            },
            CancellationToken.None);
        _kubectl = new Kubectl(_sandbox.KubeconfigPath, Path.Combine(_directory, "kubectl-cache"));
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        await _receiver.DisposeAsync();
        await _collector.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_streams_life_reaches_the_receiver_in_order()
    {
        await _kubectl.SucceedAsync("create", "namespace", "events");
        await _kubectl.SucceedAsync("apply", "-n", "events", "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        await WaitForTypesAsync("stream.started");
        await _kubectl.SucceedAsync("patch", "-n", "events", "livestream", "workshop-a", "--type=merge", "-p", """{"spec":{"state":"Stopped"}}""");
        await WaitForTypesAsync("stream.stopped");
        await _kubectl.SucceedAsync("delete", "-n", "events", "livestream", "workshop-a", "--wait=false");
        var types = await WaitForTypesAsync("stream.deleted");

        Assert.Equal(0, _receiver.Rejected);
        Assert.Equal(
            ["stream.created", "stream.provisioned", "stream.started", "stream.live_on", "stream.stopped", "stream.deleted"],
            types.Distinct());
        var started = _receiver.Events.First(e => (string?)e["type"] == "dev.airwave.stream.started");
        Assert.Equal("/apis/media.airwave.dev/v1alpha1/namespaces/events/livestreams/workshop-a", (string?)started["source"]);
        Assert.Equal("stream_start", (string?)started["data"]!["event_type"]);
        Assert.Equal("workshop-a", (string?)started["data"]!["stream_data"]!["name"]);
        Assert.NotNull((string?)started["data"]!["session_id"]);

        // Each event names the reconcile that published it; its span reached the collector.
        var traceParent = System.Text.RegularExpressions.Regex.Match((string?)started["traceparent"] ?? "", "^00-(?<trace>[0-9a-f]{32})-(?<span>[0-9a-f]{16})-01$");
        Assert.True(traceParent.Success, $"traceparent: {started["traceparent"]}");
        Assert.All(_receiver.Events, e => Assert.NotNull((string?)e["traceparent"]));
        var publisher = await Eventually.MatchAsync(
            () => _collector.Trace(traceParent.Groups["trace"].Value).FirstOrDefault(span => span.SpanId == traceParent.Groups["span"].Value),
            span => span is not null,
            Patience,
            "the span that published stream.started, at the collector");
        Assert.Equal(("reconcile livestream", "airwave-operator", "events"), (publisher!.Name, publisher.ServiceName, publisher.Attributes.GetValueOrDefault("k8s.namespace.name")));
    }

    [Fact]
    public async Task A_videos_life_reaches_the_receiver_with_its_metadata_and_chapters()
    {
        await _kubectl.SucceedAsync("create", "namespace", "videos");
        await _kubectl.SucceedAsync("apply", "-n", "videos", "-f", Repository.Path("examples", "videoasset-direct-upload.yaml"));
        var uploadUrl = await Eventually.MatchAsync(
            () => _kubectl.SucceedAsync("get", "videoasset", "intro", "-n", "videos", "-o", "jsonpath={.status.uploadUrl}"),
            url => url.Length > 0,
            Patience,
            "an upload URL");
        using (var http = new HttpClient())
        using (var put = await http.PutAsync(new Uri(uploadUrl), new ByteArrayContent(await File.ReadAllBytesAsync(await TestMedia.ClipAsync(_directory)))))
        {
            put.EnsureSuccessStatusCode();
        }

        await WaitForTypesAsync("video.ready");
        var uid = await _kubectl.SucceedAsync("get", "videoasset", "intro", "-n", "videos", "-o", "jsonpath={.metadata.uid}");
        await _kubectl.SucceedAsync("delete", "-n", "videos", "videoasset", "intro", "--wait=false");
        var types = await WaitForTypesAsync("video.deleted");

        Assert.Equal(0, _receiver.Rejected);
        Assert.Equal(["video.created", "video.ready", "video.deleted"], types.Distinct());
        var ready = _receiver.Events.First(e => (string?)e["type"] == "dev.airwave.video.ready");
        Assert.Equal("/apis/media.airwave.dev/v1alpha1/namespaces/videos/videoassets/intro", (string?)ready["source"]);
        var data = ready["data"]!;
        Assert.Equal("video_ready", (string?)data["event_type"]);
        var video = data["video_data"]!;
        Assert.Equal((uid, "Sample Video", "Welcome video for new customers", "Ready"), ((string?)video["video_id"], (string?)video["title"], (string?)video["description"], (string?)video["status"]));
        Assert.InRange((double)video["duration"]!, 1.9, 2.2);
        Assert.Equal(("640x360", 25.0), ((string?)video["resolution"], (double)video["fps"]!));
        Assert.Equal(("mp4", "h.264"), ((string?)video["format"], (string?)video["codec"]));
        Assert.Equal(
            [("Chapter 1", 0.0, 60.0, "First chapter"), ("Chapter 2", 60.0, 120.0, "Second chapter")],
            video["chapters"]!.AsArray().Select(c => ((string)c!["title"]!, (double)c["start_time"]!, (double)c["end_time"]!, (string)c["description"]!)));
        Assert.EndsWith(".m3u8", (string?)video["playback_url"], StringComparison.Ordinal);
    }

    private async Task<IReadOnlyList<string>> WaitForTypesAsync(string type) =>
        await Eventually.MatchAsync(
            () => (IReadOnlyList<string>)[.. _receiver.Events.Select(e => ((string)e["type"]!)["dev.airwave.".Length..])],
            types => types.Contains(type),
            Patience,
            $"{type} at the receiver");
}
