using Airwave.Events.Tests.Infrastructure;
using Airwave.Testing.Downstream;
using k8s;

namespace Airwave.Events.Tests;

public sealed class BoundTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _secret = TestEvents.NewSecret();
    private KubernetesSandbox _sandbox = null!;
    private Receiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await KubernetesSandbox.StartAsync();
        _receiver = await Receiver.StartAsync();
        _receiver.Secrets = [_secret];
        _receiver.Default = ReceiverResponse.Unreachable;
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    [Fact]
    public async Task Over_the_bound_young_events_are_kept_and_counted()
    {
        await using var host = new EventsHost(_sandbox, Settings(maxAge: "7.00:00:00"));
        await PublishAsync(host, 5);
        await host.StartAsync();

        var metrics = await Eventually.MatchAsync(host.ScrapeAsync, s => s.Sum("airwave_events_outbox_over_bound_total") >= 1, Patience, "the over-bound count");
        Assert.Equal(5, await _sandbox.PendingAsync());
        Assert.Equal(5, metrics.Sum("airwave_events_pending"));
        Assert.Equal(0, metrics.Sum("airwave_events_dropped_total"));
        Assert.True(metrics.Sum("airwave_events_delivery_failures_total") >= 1, "failed deliveries are counted");
        var events = await Eventually.MatchAsync(
            async () => (await _sandbox.Client.Api.EventsV1.ListNamespacedEventAsync(_sandbox.Client.Namespace, cancellationToken: CancellationToken.None)).Items,
            items => items.Any(e => e.Reason == "OutboxFull"),
            Patience,
            "an OutboxFull warning event");
        var warning = events.First(e => e.Reason == "OutboxFull");
        Assert.Equal("Warning", warning.Type);
        Assert.Equal("airwave-outbox-0", warning.Regarding?.Name);
    }

    [Fact]
    public async Task Over_the_bound_events_past_the_maximum_age_are_dropped_oldest_first()
    {
        await using var host = new EventsHost(_sandbox, Settings(maxAge: "00:00:00.001"));
        var published = await PublishAsync(host, 5);
        await host.StartAsync();

        await Eventually.MatchAsync(_sandbox.PendingAsync, n => n == 2, Patience, "the outbox cut down to its bound");
        Assert.Equal(3, (await host.ScrapeAsync()).Sum("airwave_events_dropped_total"));

        // A delivery cycle that read the outbox before the drop may still carry the dropped events; the kept ones arrive in any case.
        _receiver.Default = ReceiverResponse.Accept;
        var kept = published.TakeLast(2).Select(e => e.Id).ToList();
        await Eventually.MatchAsync(() => _receiver.Events.Select(e => (string)e["id"]!).ToHashSet(), ids => ids.IsSupersetOf(kept), Patience, "the kept events at the receiver");
        await Eventually.MatchAsync(_sandbox.PendingAsync, n => n == 0, Patience, "an empty outbox");
    }

    private static async Task<IReadOnlyList<ResourceEvent>> PublishAsync(EventsHost host, int count)
    {
        var events = TestEvents.Lifecycle(TestEvents.Stream("bounded"), sessions: 2).Take(count).ToList();
        foreach (var e in events)
        {
            await host.Publisher.PublishAsync(e, CancellationToken.None);
        }

        return events;
    }

    private Dictionary<string, string?> Settings(string maxAge) => new()
    {
        ["DOWNSTREAM_SERVICE_ENABLED"] = "true",
        ["DOWNSTREAM_SERVICE_URL"] = _receiver.Url.ToString(),
        ["DOWNSTREAM_SERVICE_SIGNING_SECRET"] = _secret,
        ["Downstream:MaxPendingEvents"] = "2",
        ["Downstream:MaxEventAge"] = maxAge,
    };
}
