using Airwave.Api.LiveStreams;
using Airwave.Events;
using Airwave.Kubernetes.Events;
using Airwave.Operator.Kubernetes;
using Airwave.Operator.Status;

namespace Airwave.Operator.LiveStreams;

/// <summary>How a stream tells what happened to it: Events on the stream, and downstream events to the users' services.</summary>
public sealed class StreamReporter(EventRecorder events, IEventPublisher publisher, TimeProvider time)
{
    public Task RecordAsync(LiveStream stream, string type, string reason, string action, string note, CancellationToken cancellationToken) =>
        events.RecordAsync(AirwaveResources.LiveStreams, stream, type, reason, action, note, cancellationToken);

    /// <summary>Publishes a downstream event now, describing <paramref name="status"/>.</summary>
    public ValueTask PublishAsync(LiveStream stream, LiveStreamStatus? status, string type, string occurrence, string? sessionId, CancellationToken cancellationToken) =>
        publisher.PublishAsync(LiveStreamEvents.Create(stream, status, type, occurrence, sessionId, time.GetUtcNow()), cancellationToken);

    /// <summary>Publishes a downstream event once the status it describes is written: none goes out for a status never stored.</summary>
    public void Announce(LiveStream stream, StatusDraft<LiveStreamStatus> draft, string type, string occurrence, string? sessionId)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var announcement = LiveStreamEvents.Create(stream, draft.Status, type, occurrence, sessionId, time.GetUtcNow());
        draft.AfterWrite(cancellationToken => publisher.PublishAsync(announcement, cancellationToken));
    }
}
