using System.Diagnostics;
using System.Text.Json.Nodes;
using Airwave.Events.Tests.Infrastructure;
using Airwave.Testing.Downstream;

namespace Airwave.Events.Tests;

public sealed class DeliveryTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private KubernetesSandbox _sandbox = null!;
    private Receiver _receiver = null!;
    private readonly string _secret = TestEvents.NewSecret();

    public async Task InitializeAsync()
    {
        _sandbox = await KubernetesSandbox.StartAsync();
        _receiver = await Receiver.StartAsync();
        _receiver.Secrets = [_secret];
        _receiver.Token = "downstream-token";
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    [Fact]
    public async Task Events_arrive_signed_with_the_token_in_batches_of_at_most_the_batch_size_and_in_order_per_stream()
    {
        await using var host = new EventsHost(_sandbox, Settings(batchSize: 4));
        await host.StartAsync();
        var streams = Enumerable.Range(1, 3).Select(i => TestEvents.Stream($"stream-{i}")).ToList();
        var lifecycles = streams.ToDictionary(s => s.Uid, s => TestEvents.Lifecycle(s, sessions: 2));

        // Interleaved, as concurrent reconciles publish.
        for (var step = 0; step < 6; step++)
        {
            foreach (var stream in streams)
            {
                await host.Publisher.PublishAsync(lifecycles[stream.Uid][step], CancellationToken.None);
            }
        }

        await WaitForAsync(18);
        Assert.Equal(0, _receiver.Rejected);
        Assert.All(_receiver.Accepted, r => Assert.InRange(r.Events.Count, 1, 4));
        Assert.All(_receiver.Accepted, r => Assert.StartsWith("application/cloudevents-batch+json", r.ContentType, StringComparison.Ordinal));
        foreach (var stream in streams)
        {
            var arrived = Distinct(_receiver.Events).Where(e => (string?)e["resourceuid"] == stream.Uid).Select(e => (string)e["id"]!);
            Assert.Equal(lifecycles[stream.Uid].Select(e => e.Id), arrived);
        }

        var started = _receiver.Events.First(e => (string?)e["type"] == "dev.airwave.stream.started" && (string?)e["resourceuid"] == "uid-default-stream-1");
        Assert.Equal("1.0", (string?)started["specversion"]);
        Assert.Equal("/apis/media.airwave.dev/v1alpha1/namespaces/default/livestreams/stream-1", (string?)started["source"]);
        Assert.Equal("stream_start", (string?)started["data"]!["event_type"]);
        Assert.Equal("session-1", (string?)started["data"]!["session_id"]);
        Assert.Equal("uid-default-stream-1", (string?)started["data"]!["stream_data"]!["stream_id"]);
        await Eventually.MatchAsync(_sandbox.PendingAsync, n => n == 0, Patience, "delivered events leave the outbox");
    }

    [Fact]
    public async Task Batch_size_one_sends_each_event_in_structured_mode_under_its_own_id()
    {
        await using var host = new EventsHost(_sandbox, Settings(batchSize: 1));
        await host.StartAsync();
        var events = TestEvents.Lifecycle(TestEvents.Stream("single"), sessions: 1);
        foreach (var e in events)
        {
            await host.Publisher.PublishAsync(e, CancellationToken.None);
        }

        await WaitForAsync(events.Count);
        Assert.All(_receiver.Accepted, r => Assert.StartsWith("application/cloudevents+json", r.ContentType, StringComparison.Ordinal));
        Assert.Equal(events.Select(e => e.Id), _receiver.Accepted.Select(r => r.MessageId).Distinct());
        Assert.Equal(events.Select(e => e.Id), _receiver.Accepted.Select(r => (string)r.Events.Single()["id"]!).Distinct());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public async Task In_the_plain_format_each_request_carries_the_integrations_payloads_one_object_or_an_array(int batchSize)
    {
        await using var host = new EventsHost(_sandbox, new Dictionary<string, string?>(Settings(batchSize)) { ["DOWNSTREAM_SERVICE_FORMAT"] = "plain" });
        await host.StartAsync();
        var events = TestEvents.Lifecycle(TestEvents.Stream($"plain-{batchSize}"), sessions: 1);
        foreach (var e in events)
        {
            await host.Publisher.PublishAsync(e, CancellationToken.None);
        }

        await Eventually.MatchAsync(() => _receiver.Accepted.Select(r => r.MessageId).Distinct().Count(), n => n >= (batchSize == 1 ? events.Count : 1), Patience, "the requests at the receiver");
        await Eventually.MatchAsync(() => _receiver.Events.Count, n => n >= events.Count, Patience, $"{events.Count} payloads at the receiver");

        Assert.Equal(0, _receiver.Rejected);
        Assert.All(_receiver.Accepted, r => Assert.StartsWith("application/json", r.ContentType, StringComparison.Ordinal));
        var started = _receiver.Events.First(e => (string?)e["event_type"] == "stream_start");
        Assert.Null(started["specversion"]);
        Assert.Equal($"uid-default-plain-{batchSize}", (string?)started["stream_data"]!["stream_id"]);
        if (batchSize == 1)
        {
            // One object per request, each under its event's id in webhook-id.
            Assert.Equal(events.Select(e => e.Id), _receiver.Accepted.Select(r => r.MessageId).Distinct());
            Assert.All(_receiver.Accepted, r => Assert.False(r.IsArray, "a single event is one JSON object"));
        }
        else
        {
            Assert.All(_receiver.Accepted, r => Assert.True(r.IsArray, "a batch is a JSON array"));
        }
    }

    [Fact]
    public async Task An_event_published_within_a_trace_carries_its_trace_context_and_one_published_outside_none()
    {
        await using var host = new EventsHost(_sandbox, Settings(batchSize: 10));
        await host.StartAsync();
        using var source = new ActivitySource($"Airwave.Tests.{Guid.NewGuid():N}");
        using var listener = new ActivityListener
        {
            ShouldListenTo = candidate => candidate == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var stream = TestEvents.Stream("traced");
        string traceParent;
        using (var reconcile = source.StartActivity("reconcile livestream"))
        {
            reconcile!.TraceStateString = "vendor=airwave";
            traceParent = reconcile.Id!;
            await host.Publisher.PublishAsync(TestEvents.Transition(stream, EventTypes.StreamStarted, "s1"), CancellationToken.None);
        }

        await host.Publisher.PublishAsync(TestEvents.Transition(stream, EventTypes.StreamStopped, "s1"), CancellationToken.None);

        await WaitForAsync(2);
        var started = Distinct(_receiver.Events).Single(e => (string?)e["type"] == "dev.airwave.stream.started");
        var stopped = Distinct(_receiver.Events).Single(e => (string?)e["type"] == "dev.airwave.stream.stopped");
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-01$", (string?)started["traceparent"]);
        Assert.Equal(traceParent, (string?)started["traceparent"]);
        Assert.Equal("vendor=airwave", (string?)started["tracestate"]);
        Assert.Null(stopped["traceparent"]);
        Assert.Null(stopped["tracestate"]);
    }

    [Fact]
    public async Task A_transition_published_twice_is_delivered_under_one_id()
    {
        await using var host = new EventsHost(_sandbox, Settings(batchSize: 10));
        var stream = TestEvents.Stream("retried");

        // A retried reconcile publishes the same start again.
        await host.Publisher.PublishAsync(TestEvents.Transition(stream, EventTypes.StreamStarted, "s1"), CancellationToken.None);
        await host.Publisher.PublishAsync(TestEvents.Transition(stream, EventTypes.StreamStarted, "s1"), CancellationToken.None);
        await host.Publisher.PublishAsync(TestEvents.Transition(stream, EventTypes.StreamStarted, "s2"), CancellationToken.None);
        Assert.Equal(2, await _sandbox.PendingAsync());

        await host.StartAsync();
        await WaitForAsync(2);
        Assert.Equal(2, _receiver.Events.Select(e => (string?)e["id"]).Distinct().Count());
    }

    [Theory]
    [InlineData(ReceiverResponse.ServerError)]
    [InlineData(ReceiverResponse.TooManyRequests)]
    [InlineData(ReceiverResponse.Slow)]
    public async Task A_failing_receiver_gets_every_event_once_it_recovers_and_repeats_share_ids(ReceiverResponse failure)
    {
        // More failures than one cycle's attempts: the events wait in the outbox for later cycles.
        _receiver.Script(failure, failure, failure, failure);
        await using var host = new EventsHost(_sandbox, Settings(batchSize: 3, timeoutSeconds: 1, retryAttempts: 2));
        await host.StartAsync();
        var events = TestEvents.Lifecycle(TestEvents.Stream("flaky"), sessions: 3);
        foreach (var e in events)
        {
            await host.Publisher.PublishAsync(e, CancellationToken.None);
        }

        await WaitForAsync(events.Count);
        Assert.True(_receiver.Requests >= 5, $"four failed requests and at least one that succeeded; the receiver saw {_receiver.Requests}");
        AssertDuplicatesAreIdentical();
        Assert.Equal(events.Select(e => e.Id), Distinct(_receiver.Events).Select(e => (string)e["id"]!));
        await Eventually.MatchAsync(_sandbox.PendingAsync, n => n == 0, Patience, "delivered events leave the outbox");
    }

    [Fact]
    public async Task A_receiver_down_for_a_while_gets_every_event_when_it_is_back()
    {
        _receiver.Default = ReceiverResponse.Unreachable;
        await using var host = new EventsHost(_sandbox, Settings(batchSize: 5));
        await host.StartAsync();
        var events = Enumerable.Range(1, 4).SelectMany(i => TestEvents.Lifecycle(TestEvents.Stream($"down-{i}"), sessions: 2)).ToList();
        foreach (var e in events)
        {
            await host.Publisher.PublishAsync(e, CancellationToken.None);
        }

        await Eventually.MatchAsync(() => _receiver.Requests, n => n >= 6, Patience, "delivery attempts while the receiver is down");
        Assert.Empty(_receiver.Accepted);
        Assert.Equal(events.Count, await _sandbox.PendingAsync());

        _receiver.Default = ReceiverResponse.Accept;
        await WaitForAsync(events.Count);
        Assert.Equal(events.Select(e => e.Id).Order(), Distinct(_receiver.Events).Select(e => (string)e["id"]!).Order());
    }

    [Fact]
    public async Task Events_pending_when_the_operator_stops_are_delivered_by_the_next_one()
    {
        _receiver.Default = ReceiverResponse.ServerError;
        var events = TestEvents.Lifecycle(TestEvents.Stream("restarted"), sessions: 3);
        await using (var first = new EventsHost(_sandbox, Settings(batchSize: 2)))
        {
            await first.StartAsync();
            foreach (var e in events)
            {
                await first.Publisher.PublishAsync(e, CancellationToken.None);
            }

            await Eventually.MatchAsync(() => _receiver.Requests, n => n >= 2, Patience, "failed deliveries before the restart");
        }

        Assert.Empty(_receiver.Accepted);
        Assert.Equal(events.Count, await _sandbox.PendingAsync());
        _receiver.Default = ReceiverResponse.Accept;

        await using var second = new EventsHost(_sandbox, Settings(batchSize: 2));
        await second.StartAsync();
        await WaitForAsync(events.Count);
        Assert.Equal(events.Select(e => e.Id), Distinct(_receiver.Events).Select(e => (string)e["id"]!));
    }

    [Fact]
    public async Task Two_operators_publishing_at_once_lose_no_event()
    {
        await using var first = new EventsHost(_sandbox, Settings(batchSize: 100));
        await using var second = new EventsHost(_sandbox, Settings(batchSize: 100));
        var streams = Enumerable.Range(1, 4).Select(i => TestEvents.Stream($"shared-{i}")).ToList();
        var events = streams.SelectMany(s => TestEvents.Lifecycle(s, sessions: 5)).ToList();

        // Both replicas write the same ConfigMaps; resourceVersion conflicts make the loser re-read and retry.
        await Task.WhenAll(
            Task.Run(async () =>
            {
                foreach (var e in events.Where((_, i) => i % 2 == 0))
                {
                    await first.Publisher.PublishAsync(e, CancellationToken.None);
                }
            }),
            Task.Run(async () =>
            {
                foreach (var e in events.Where((_, i) => i % 2 == 1))
                {
                    await second.Publisher.PublishAsync(e, CancellationToken.None);
                }
            }));

        Assert.Equal(events.Count, await _sandbox.PendingAsync());
        await first.StartAsync();
        await WaitForAsync(events.Count);
        Assert.Equal(events.Select(e => e.Id).Order(), Distinct(_receiver.Events).Select(e => (string)e["id"]!).Order());
    }

    [Fact]
    public async Task Only_the_leader_delivers_what_a_follower_published()
    {
        // The follower would sign in with a token the receiver refuses, so any delivery it made would show as rejected.
        var followerSettings = new Dictionary<string, string?>(Settings(batchSize: 10)) { ["DOWNSTREAM_SERVICE_TOKEN"] = "follower-token" };
        await using var follower = new EventsHost(_sandbox, followerSettings, follower: true);
        await follower.StartAsync();
        var events = TestEvents.Lifecycle(TestEvents.Stream("led"), sessions: 2);
        foreach (var e in events)
        {
            await follower.Publisher.PublishAsync(e, CancellationToken.None);
        }

        await using var leader = new EventsHost(_sandbox, Settings(batchSize: 10));
        await leader.StartAsync();
        await WaitForAsync(events.Count);
        await Eventually.MatchAsync(_sandbox.PendingAsync, n => n == 0, Patience, "delivered events leave the outbox");
        Assert.Equal(0, _receiver.Rejected);
        Assert.Equal(events.Select(e => e.Id), Distinct(_receiver.Events).Select(e => (string)e["id"]!));
    }

    [Fact]
    public async Task Nothing_is_recorded_or_sent_when_the_downstream_service_is_disabled()
    {
        var settings = new Dictionary<string, string?>(Settings(batchSize: 1)) { ["DOWNSTREAM_SERVICE_ENABLED"] = "false" };
        await using var host = new EventsHost(_sandbox, settings);
        await host.StartAsync();
        await host.Publisher.PublishAsync(TestEvents.Transition(TestEvents.Stream("quiet"), EventTypes.StreamCreated), CancellationToken.None);

        Assert.Empty(await _sandbox.OutboxAsync());
        Assert.Equal(0, _receiver.Requests);
    }

    [Fact]
    public async Task Switching_events_off_keeps_analytics_and_switching_analytics_off_keeps_events()
    {
        var stream = TestEvents.Stream("switched");
        var performance = TestEvents.Performance(DateTimeOffset.UtcNow);
        var analytics = ResourceEvent.Create(EventTypes.StreamAnalytics, stream, "report-1", DateTimeOffset.UtcNow, new Airwave.Events.Payloads.AnalyticsReport
        {
            StreamId = stream.Uid,
            Timestamp = DateTimeOffset.UtcNow,
            AnalyticsType = Airwave.Events.Payloads.AnalyticsReport.StreamPerformanceType,
            Data = performance,
        });
        var started = TestEvents.Transition(stream, EventTypes.StreamStarted, "s1");

        var eventsOff = new Dictionary<string, string?>(Settings(batchSize: 1)) { ["DOWNSTREAM_SERVICE_ENABLE_EVENTS"] = "false" };
        await using (var host = new EventsHost(_sandbox, eventsOff))
        {
            await host.StartAsync();
            await host.Publisher.PublishAsync(started, CancellationToken.None);
            await host.Publisher.PublishAsync(analytics, CancellationToken.None);
            await WaitForAsync(1);
            await Eventually.MatchAsync(_sandbox.PendingAsync, n => n == 0, Patience, "the analytics event recorded as delivered");
        }

        var delivered = Assert.Single(_receiver.Events);
        Assert.Equal("dev.airwave.stream.analytics", (string?)delivered["type"]);
        Assert.Equal("stream_performance", (string?)delivered["data"]!["analytics_type"]);
        Assert.Equal(performance.ViewDuration, (double)delivered["data"]!["data"]!["view_duration"]!);
        Assert.Equal(performance.BufferingEvents, (int)delivered["data"]!["data"]!["buffering_events"]!);

        var analyticsOff = new Dictionary<string, string?>(Settings(batchSize: 1)) { ["DOWNSTREAM_SERVICE_ENABLE_ANALYTICS"] = "false" };
        await using (var host = new EventsHost(_sandbox, analyticsOff))
        {
            await host.StartAsync();
            await host.Publisher.PublishAsync(ResourceEvent.Create(EventTypes.StreamAnalytics, stream, "report-2", DateTimeOffset.UtcNow, analytics.Data), CancellationToken.None);
            await host.Publisher.PublishAsync(started, CancellationToken.None);
            await WaitForAsync(2);
        }

        Assert.Equal(["dev.airwave.stream.analytics", "dev.airwave.stream.started"], Distinct(_receiver.Events).Select(e => (string)e["type"]!));
    }

    private Dictionary<string, string?> Settings(int batchSize, int timeoutSeconds = 10, int retryAttempts = 3) => new()
    {
        ["DOWNSTREAM_SERVICE_ENABLED"] = "true",
        ["DOWNSTREAM_SERVICE_URL"] = _receiver.Url.ToString(),
        ["DOWNSTREAM_SERVICE_TOKEN"] = _receiver.Token,
        ["DOWNSTREAM_SERVICE_SIGNING_SECRET"] = _secret,
        ["DOWNSTREAM_SERVICE_BATCH_SIZE"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["DOWNSTREAM_SERVICE_TIMEOUT"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["DOWNSTREAM_SERVICE_RETRY_ATTEMPTS"] = retryAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private Task<int> WaitForAsync(int distinctEvents) =>
        Eventually.MatchAsync(() => Distinct(_receiver.Events).Count, n => n >= distinctEvents, Patience, $"{distinctEvents} distinct events at the receiver");

    private static List<JsonObject> Distinct(IEnumerable<JsonObject> events) => [.. events.DistinctBy(e => (string?)e["id"])];

    private void AssertDuplicatesAreIdentical()
    {
        foreach (var copies in _receiver.Events.GroupBy(e => (string?)e["id"]))
        {
            Assert.All(copies, copy => Assert.True(JsonNode.DeepEquals(copies.First(), copy), $"copies of event {copies.Key} differ"));
        }
    }
}
