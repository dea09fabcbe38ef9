using Airwave.Api.LiveStreams;
using Airwave.Events;
using Airwave.Events.Kubernetes.Resources;
using Airwave.Events.Payloads;

namespace Airwave.Operator.LiveStreams;

/// <summary>A LiveStream's transitions as downstream events, in the payload shape of the earlier integration.</summary>
public static class LiveStreamEvents
{
    /// <summary>The occurrence of a transition that happens once per generation of the spec.</summary>
    public static string GenerationOf(LiveStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return $"generation-{stream.Metadata.Generation}";
    }

    /// <param name="occurrence">Tells repeats of the transition apart (a session id, a generation); empty for once-only ones.</param>
    /// <param name="sessionId">The recording session the transition belongs to, if any.</param>
    public static ResourceEvent Create(LiveStream stream, LiveStreamStatus? status, string type, string occurrence, string? sessionId, DateTimeOffset now) =>
        ResourceEvent.Create(type, LiveStreamPayloads.Subject(stream), occurrence, now, new StreamingEvent
        {
            EventType = StreamingEventTypes.For(type),
            Timestamp = now,
            SessionId = sessionId,
            StopReason = type == EventTypes.StreamStopped ? StopReasonOf(status, sessionId) : null,
            StreamData = LiveStreamPayloads.StreamData(stream, status, now),
        });

    private static string? StopReasonOf(LiveStreamStatus? status, string? sessionId) =>
        status?.Sessions.FirstOrDefault(s => s.Id == sessionId)?.StopReason switch
        {
            SessionStopReason.Idle => "idle",
            SessionStopReason.Requested => "requested",
            SessionStopReason.QuotaExceeded => "quota_exceeded",
            _ => null,
        };
}
