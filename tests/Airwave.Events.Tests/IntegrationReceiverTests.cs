using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Airwave.Api.Common;
using Airwave.Api.VideoAssets;
using Airwave.Events.Kubernetes.Resources;
using Airwave.Events.Payloads;
using Airwave.Events.Tests.Infrastructure;
using Airwave.Events.Views;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Sandbox.Aws;

namespace Airwave.Events.Tests;

/// <summary>
/// A receiver written from the earlier integration's documentation (its Flask example, IntegrationReceiver/receiver.py)
/// gets every event type Airwave sends in the plain format, one object per request or in arrays, and reads each by
/// the documented fields; the deliveries are logged with the documented success and failure lines.
/// </summary>
public sealed class IntegrationReceiverTests : IAsyncLifetime, IDisposable
{
    private const string Token = "integration-token";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly int _port = LoopbackPorts.Reserve();
    private KubernetesSandbox _sandbox = null!;
    private RunningProcess _receiver = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _sandbox = await KubernetesSandbox.StartAsync();
        _receiver = RunningProcess.Start("python3", [Path.Combine(AppContext.BaseDirectory, "IntegrationReceiver", "receiver.py"), _port.ToString(CultureInfo.InvariantCulture), Token]);
        await Eventually.MatchAsync<JsonNode?>(ReceivedAsync, seen => seen is not null, Patience, "the Flask receiver answering");
    }

    public void Dispose() => _http.Dispose();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public async Task The_integrations_example_receiver_reads_every_event_type_airwave_sends(int batchSize)
    {
        var logs = new RecordedLogs();
        await using var host = new EventsHost(_sandbox, Settings(batchSize, Token), logs: logs);
        await host.StartAsync();
        var events = EveryEvent();
        foreach (var e in events)
        {
            await host.Publisher.PublishAsync(e, CancellationToken.None);
        }

        var seen = (await Eventually.MatchAsync<JsonNode?>(ReceivedAsync, s => s!["received"]!.AsArray().Count >= events.Count || s["refused"]!.AsArray().Count > 0, Patience, $"{events.Count} payloads at the receiver"))!;
        var received = seen["received"]!.AsArray();

        // Every type there is, each taken as the documented payload of its kind.
        Assert.Equal(EventTypeNames().Order(StringComparer.Ordinal), events.Select(e => e.Type).Distinct().Order(StringComparer.Ordinal));
        Assert.True(seen["refused"]!.AsArray().Count == 0, seen["refused"]!.ToJsonString());
        Assert.Equal(events.Count, received.Count);
        Assert.All(received, r => Assert.Equal(batchSize > 1, (bool)r!["batched"]!));
        var kinds = received.Select(r => ((string)r!["kind"]!, r["payload"]!)).ToList();
        Assert.Equal(4, kinds.Count(k => k.Item1 == "analytics"));
        Assert.Equal(5, kinds.Count(k => k.Item1 == "video"));
        Assert.Contains(kinds, k => k.Item1 == "external_stream" && (string?)k.Item2["stream_data"]!["stream_type"] == "hls_stream");
        Assert.Contains(kinds, k => k.Item1 == "stream" && (string?)k.Item2["event_type"] == "stream_start");

        // The video detail payload as documented: epoch seconds at the top, a video_file stream with its facts under metadata.
        var ready = kinds.Single(k => (string?)k.Item2["event_type"] == "video_ready").Item2;
        Assert.Equal(System.Text.Json.JsonValueKind.Number, ready["timestamp"]!.GetValueKind());
        var video = ready["stream_data"]!;
        Assert.Equal(("video_file", "mp4", "h264", 4_200L, 12_345_678L), ((string?)video["stream_type"], (string?)video["metadata"]!["format"], (string?)video["metadata"]!["codec"], (long)video["metadata"]!["bitrate"]!, (long)video["file_size"]!));
        Assert.Equal("https://media.example.com/intro.mp4", (string?)video["file_path"]);
        Assert.Equal("Opening", (string?)video["chapters"]![0]!["title"]);
        Assert.NotNull((string?)video["created_at"]);

        if (batchSize == 1)
        {
            Assert.Equal(events.Count, logs.Lines.Count(l => l.Contains("Successfully sent 1 event(s) to downstream service", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task A_receiver_that_refuses_the_token_gets_nothing_and_the_failure_is_logged()
    {
        var logs = new RecordedLogs();
        await using var host = new EventsHost(_sandbox, Settings(1, "another-token", retryAttempts: 1), logs: logs);
        await host.StartAsync();
        await host.Publisher.PublishAsync(StreamEvent(Stream("refused"), EventTypes.StreamCreated, external: false), CancellationToken.None);

        var failed = await Eventually.MatchAsync(() => logs.Lines.FirstOrDefault(l => l.Contains("Failed to send 1 event(s) to downstream service", StringComparison.Ordinal)), l => l is not null, Patience, "the failure line");

        Assert.Contains("401", failed, StringComparison.Ordinal);
        Assert.Empty((await ReceivedAsync())!["received"]!.AsArray());
    }

    /// <summary>One event of each type Airwave publishes, with the payload its publisher makes.</summary>
    private static List<ResourceEvent> EveryEvent()
    {
        var stream = Stream("studio");
        var pulled = Stream("relay");
        var asset = Asset();
        var now = DateTimeOffset.UtcNow;
        var events = new List<ResourceEvent>();
        foreach (var type in new[] { EventTypes.StreamCreated, EventTypes.StreamProvisioned, EventTypes.StreamStarted, EventTypes.StreamStopped, EventTypes.StreamLiveOn, EventTypes.StreamLiveOff, EventTypes.StreamFailed, EventTypes.StreamDeleted, EventTypes.StreamQuotaExceeded, EventTypes.StreamConnectorConnected, EventTypes.StreamConnectorFailed, EventTypes.StreamCredentialsRefreshed })
        {
            events.Add(StreamEvent(stream, type, external: false));
        }

        events.Add(StreamEvent(pulled, EventTypes.StreamStarted, external: true));
        events.Add(ResourceEvent.Create(EventTypes.StreamViewed, stream, "view-1", now, new StreamingEvent
        {
            EventType = StreamingEventTypes.For(EventTypes.StreamViewed),
            Timestamp = now,
            SessionId = "view-1",
            UserAgent = "Mozilla/5.0",
            IpAddress = "192.0.2.7",
            StreamData = new StreamMetadata { StreamId = stream.Uid, Name = stream.Name, Namespace = stream.Namespace },
        }));
        foreach (var type in new[] { EventTypes.VideoCreated, EventTypes.VideoReady, EventTypes.VideoErrored, EventTypes.VideoDeleted, EventTypes.VideoViewed })
        {
            events.Add(ResourceEvent.Create(type, VideoAssetPayloads.Subject(asset), "", now, new VideoEvent
            {
                EventType = VideoEventTypes.For(type),
                Timestamp = now,
                VideoData = VideoAssetPayloads.VideoData(asset, asset.Status),
                SessionId = type == EventTypes.VideoViewed ? "view-2" : null,
            }));
        }

        foreach (var type in new[] { EventTypes.StreamAnalytics, EventTypes.VideoAnalytics, EventTypes.BroadcastAnalytics, EventTypes.StreamAnalytics })
        {
            events.Add(ResourceEvent.Create(type, stream, Guid.NewGuid().ToString("N"), now, new AnalyticsReport
            {
                StreamId = stream.Uid,
                Timestamp = now,
                AnalyticsType = AnalyticsReport.StreamPerformanceType,
                Data = TestEvents.Performance(now),
            }));
        }

        var split = new ResourceReference(ApiGroup.ApiVersion, "archivesplits", "default", "highlights", "uid-split");
        foreach (var type in new[] { EventTypes.SplitSectionSucceeded, EventTypes.SplitSucceeded, EventTypes.SplitFailed })
        {
            events.Add(ResourceEvent.Create(type, split, type, now, new SplitEvent
            {
                EventType = SplitEventTypes.For(type),
                Timestamp = now,
                SplitData = new SplitData { SplitId = split.Uid, Name = split.Name, Namespace = split.Namespace, StreamName = stream.Name, SessionId = "session-1" },
            }));
        }

        // The signaling service's broadcast events, in its payload's fields.
        foreach (var type in new[] { EventTypes.BroadcastStarted, EventTypes.BroadcastEnded })
        {
            events.Add(ResourceEvent.Create(type, new ResourceReference(ApiGroup.ApiVersion, "broadcasts", "shop", "alice", "broadcast-1"), type, now, new JsonObject
            {
                ["site_id"] = "shop",
                ["user_id"] = "alice",
                ["session_id"] = "broadcast-1",
                ["started_at"] = now.ToString("O", CultureInfo.InvariantCulture),
            }));
        }

        return events;
    }

    private static ResourceEvent StreamEvent(ResourceReference stream, string type, bool external)
    {
        var now = DateTimeOffset.UtcNow;
        return ResourceEvent.Create(type, stream, type, now, new StreamingEvent
        {
            EventType = StreamingEventTypes.For(type),
            Timestamp = now,
            SessionId = type == EventTypes.StreamStarted ? "session-1" : null,
            StreamData = new StreamMetadata
            {
                StreamId = stream.Uid,
                Name = stream.Name,
                Namespace = stream.Namespace,
                State = "Running",
                Phase = "Running",
                ExternalStream = external ? ExternalStreamDetails.For("relay", "relay", new Uri("https://origin.example.com/live/index.m3u8"), "Running", now) : null,
                Connector = type.StartsWith("stream.connector.", StringComparison.Ordinal) ? new ConnectorDetails { Phase = "Connected", Since = now } : null,
            },
        });
    }

    private static VideoAsset Asset() => new()
    {
        ApiVersion = ApiGroup.ApiVersion,
        Kind = "VideoAsset",
        Metadata = new ObjectMeta { Name = "intro", Namespace = "videos", Uid = "uid-intro", CreationTimestamp = DateTimeOffset.UtcNow.AddMinutes(-5) },
        Spec = new VideoAssetSpec
        {
            Title = "Intro",
            Source = new VideoSource { Url = "https://media.example.com/intro.mp4" },
            Chapters = [new Chapter { Title = "Opening", StartTime = 0, EndTime = 12 }],
        },
        Status = new VideoAssetStatus
        {
            Phase = VideoAssetPhase.Ready,
            SourceUrl = "https://media.example.com/intro.mp4",
            Metadata = new VideoMetadata { Format = "mp4", Codec = "h264", Duration = 60, Resolution = "1280x720", Fps = 30, Bitrate = 4_200, FileSize = 12_345_678 },
        },
    };

    private static ResourceReference Stream(string name) => TestEvents.Stream(name);

    private static IEnumerable<string> EventTypeNames() =>
        typeof(EventTypes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name != nameof(EventTypes.CloudEventPrefix))
            .Select(f => (string)f.GetRawConstantValue()!);

    private async Task<JsonNode?> ReceivedAsync()
    {
        try
        {
            return JsonNode.Parse(await _http.GetStringAsync(new Uri($"http://127.0.0.1:{_port}/received")));
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private Dictionary<string, string?> Settings(int batchSize, string token, int retryAttempts = 3) => new()
    {
        ["DOWNSTREAM_SERVICE_ENABLED"] = "true",
        ["DOWNSTREAM_SERVICE_URL"] = $"http://127.0.0.1:{_port}/events",
        ["DOWNSTREAM_SERVICE_TOKEN"] = token,
        ["DOWNSTREAM_SERVICE_FORMAT"] = "plain",
        ["DOWNSTREAM_SERVICE_ENABLE_ANALYTICS"] = "true",
        ["DOWNSTREAM_SERVICE_BATCH_SIZE"] = batchSize.ToString(CultureInfo.InvariantCulture),
        ["DOWNSTREAM_SERVICE_RETRY_ATTEMPTS"] = retryAttempts.ToString(CultureInfo.InvariantCulture),
    };
}
