using Airwave.Events.Payloads;
using Airwave.Events.Views;

namespace Airwave.Events.Tests.Infrastructure;

/// <summary>Stream events as the reconciler publishes them.</summary>
public static class TestEvents
{
    public static ResourceReference Stream(string name, string @namespace = "default") =>
        new("media.airwave.dev/v1alpha1", "livestreams", @namespace, name, $"uid-{@namespace}-{name}");

    public static ResourceEvent Transition(ResourceReference stream, string type, string occurrence = "") =>
        ResourceEvent.Create(type, stream, occurrence, DateTimeOffset.UtcNow, new StreamingEvent
        {
            EventType = StreamingEventTypes.For(type),
            Timestamp = DateTimeOffset.UtcNow,
            SessionId = occurrence.Length > 0 ? occurrence : null,
            StreamData = new StreamMetadata { StreamId = stream.Uid, Name = stream.Name, Namespace = stream.Namespace, State = "Running" },
        });

    /// <summary>A stream's life: created, then started and stopped per session, then deleted.</summary>
    public static IReadOnlyList<ResourceEvent> Lifecycle(ResourceReference stream, int sessions) =>
    [
        Transition(stream, EventTypes.StreamCreated),
        .. Enumerable.Range(1, sessions).SelectMany(i => new[]
        {
            Transition(stream, EventTypes.StreamStarted, $"session-{i}"),
            Transition(stream, EventTypes.StreamStopped, $"session-{i}"),
        }),
        Transition(stream, EventTypes.StreamDeleted),
    ];

    public static string NewSecret() => "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    /// <summary>A view's end as the webhook service accounts it: played, stalled once, ended.</summary>
    public static StreamPerformance Performance(DateTimeOffset openedAt)
    {
        var account = new PlaybackAccount(openedAt);
        account.Apply([new BeaconEvent(BeaconEventTypes.Play, 0), new BeaconEvent(BeaconEventTypes.Playing, 400), new BeaconEvent(BeaconEventTypes.BufferingStart, 5_000), new BeaconEvent(BeaconEventTypes.BufferingEnd, 6_000)], openedAt.AddSeconds(6));
        account.EndAt(openedAt.AddSeconds(10));
        return account.Summary("view-1", "session-1", "ended", contentSeconds: 60);
    }
}
