using Airwave.Events.Tests.Infrastructure;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Secrets;
using Airwave.Testing.Downstream;
using k8s;
using k8s.Models;

namespace Airwave.Events.Tests;

public sealed class SinkTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private KubernetesSandbox _sandbox = null!;
    private Receiver _first = null!;
    private Receiver _second = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await KubernetesSandbox.StartAsync();
        _first = await Receiver.StartAsync();
        _second = await Receiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    [Fact]
    public async Task Without_a_configured_secret_one_is_generated_into_a_Secret_and_signs_every_delivery()
    {
        _first.Token = "t";
        await using var host = new EventsHost(_sandbox, new Dictionary<string, string?>
        {
            ["DOWNSTREAM_SERVICE_ENABLED"] = "true",
            ["DOWNSTREAM_SERVICE_URL"] = _first.Url.ToString(),
            ["DOWNSTREAM_SERVICE_TOKEN"] = "t",
        });
        await host.StartAsync();
        var secret = await Eventually.MatchAsync<V1Secret?>(
            () => _sandbox.Client.Api.CoreV1.ReadNamespacedSecretAsync("airwave-downstream-signing", "default", cancellationToken: CancellationToken.None).OrNull(),
            s => s is not null,
            Patience,
            "the generated signing Secret");
        _first.Secrets = [secret!.GetString("signing-secret")!];
        Assert.StartsWith("whsec_", _first.Secrets[0], StringComparison.Ordinal);

        await host.Publisher.PublishAsync(TestEvents.Transition(TestEvents.Stream("signed"), EventTypes.StreamCreated), CancellationToken.None);
        await Eventually.MatchAsync(() => _first.Events.Count, n => n == 1, Patience, "the event at the receiver");
        Assert.Equal(0, _first.Rejected);
    }

    [Fact]
    public async Task During_a_rotation_receivers_holding_either_secret_accept_the_deliveries()
    {
        var (old, @new) = (TestEvents.NewSecret(), TestEvents.NewSecret());
        _first.Secrets = [old];
        _second.Secrets = [@new];
        await using var host = new EventsHost(_sandbox, new Dictionary<string, string?>
        {
            ["DOWNSTREAM_SERVICE_SIGNING_SECRET"] = $"{old} {@new}",
            ["Downstream:Sinks:0:Name"] = "old-receiver",
            ["Downstream:Sinks:0:Url"] = _first.Url.ToString(),
            ["Downstream:Sinks:1:Name"] = "new-receiver",
            ["Downstream:Sinks:1:Url"] = _second.Url.ToString(),
        });
        await host.StartAsync();
        await host.Publisher.PublishAsync(TestEvents.Transition(TestEvents.Stream("rotated"), EventTypes.StreamCreated), CancellationToken.None);

        await Eventually.MatchAsync(() => _first.Events.Count + _second.Events.Count, n => n == 2, Patience, "the event at both receivers");
        Assert.Equal(0, _first.Rejected + _second.Rejected);
    }

    [Fact]
    public async Task Each_sink_gets_the_event_types_and_namespaces_its_filter_names()
    {
        var secret = TestEvents.NewSecret();
        (_first.Secrets, _second.Secrets) = ([secret], [secret]);
        _second.Token = "from-a-secret";
        await _sandbox.Client.Api.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = "live-sink" },
                Data = SecretText.Encode(new Dictionary<string, string> { ["token"] = "from-a-secret" }),
            },
            "default",
            cancellationToken: CancellationToken.None);
        await using var host = new EventsHost(_sandbox, new Dictionary<string, string?>
        {
            ["DOWNSTREAM_SERVICE_SIGNING_SECRET"] = secret,
            ["Downstream:Sinks:0:Name"] = "team-a",
            ["Downstream:Sinks:0:Url"] = _first.Url.ToString(),
            ["Downstream:Sinks:0:Namespaces:0"] = "team-a*",
            ["Downstream:Sinks:1:Name"] = "live",
            ["Downstream:Sinks:1:Url"] = _second.Url.ToString(),
            ["Downstream:Sinks:1:Types:0"] = "stream.live_*",
            ["Downstream:Sinks:1:TokenSecretRef:Name"] = "live-sink",
        });
        await host.StartAsync();
        var teamA = TestEvents.Stream("news", "team-a-prod");
        var teamB = TestEvents.Stream("sports", "team-b");
        foreach (var e in new[]
        {
            TestEvents.Transition(teamA, EventTypes.StreamStarted, "1"),
            TestEvents.Transition(teamA, EventTypes.StreamLiveOn, "1"),
            TestEvents.Transition(teamB, EventTypes.StreamStarted, "1"),
            TestEvents.Transition(teamB, EventTypes.StreamLiveOn, "1"),
        })
        {
            await host.Publisher.PublishAsync(e, CancellationToken.None);
        }

        await Eventually.MatchAsync(() => _first.Events.Count + _second.Events.Count, n => n >= 4, Patience, "the filtered events");
        Assert.Equal(["team-a-prod/news", "team-a-prod/news"], _first.Events.Select(e => (string)e["subject"]!));
        Assert.Equal(["dev.airwave.stream.live_on", "dev.airwave.stream.live_on"], _second.Events.Select(e => (string)e["type"]!));
        Assert.Equal(0, _first.Rejected + _second.Rejected);
    }

    [Fact]
    public async Task A_sink_answering_410_is_disabled_and_the_other_sinks_keep_receiving()
    {
        var secret = TestEvents.NewSecret();
        (_first.Secrets, _second.Secrets) = ([secret], [secret]);
        _first.Default = ReceiverResponse.Gone;
        await using var host = new EventsHost(_sandbox, new Dictionary<string, string?>
        {
            ["DOWNSTREAM_SERVICE_SIGNING_SECRET"] = secret,
            ["Downstream:Sinks:0:Name"] = "retired",
            ["Downstream:Sinks:0:Url"] = _first.Url.ToString(),
            ["Downstream:Sinks:1:Name"] = "current",
            ["Downstream:Sinks:1:Url"] = _second.Url.ToString(),
        });
        await host.StartAsync();
        var stream = TestEvents.Stream("gone");
        await host.Publisher.PublishAsync(TestEvents.Transition(stream, EventTypes.StreamStarted, "1"), CancellationToken.None);
        await Eventually.MatchAsync(() => _first.Requests, n => n == 1, Patience, "the 410 answer");

        await host.Publisher.PublishAsync(TestEvents.Transition(stream, EventTypes.StreamStopped, "1"), CancellationToken.None);
        await Eventually.MatchAsync(() => _second.Events.Count, n => n == 2, Patience, "both events at the other sink");
        await Eventually.MatchAsync(_sandbox.PendingAsync, n => n == 0, Patience, "the outbox no longer holds events for the disabled sink");
        Assert.Equal(1, _first.Requests);
        var warnings = await Eventually.MatchAsync(
            async () => (await _sandbox.Client.Api.EventsV1.ListNamespacedEventAsync(_sandbox.Client.Namespace, cancellationToken: CancellationToken.None)).Items,
            events => events.Any(e => e.Reason == "SinkGone"),
            Patience,
            "a SinkGone warning event");
        var gone = warnings.First(e => e.Reason == "SinkGone");
        Assert.Equal("Warning", gone.Type);
        Assert.Contains("Sink retired answered 410 Gone", gone.Note ?? "", StringComparison.Ordinal);
    }
}
