using Airwave.Api.LiveStreams;
using Airwave.Events;
using Airwave.Operator.Kubernetes;
using Airwave.Operator.Payloads;

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
    public static ResourceEvent Create(LiveStream stream, LiveStreamStatus? status, string type, string occurrence, string? sessionId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var meta = stream.Metadata;
        var subject = new ResourceReference(AirwaveResources.LiveStreams.ApiVersion, AirwaveResources.LiveStreams.Plural, meta.Namespace!, meta.Name!, meta.Uid!);
        // Only a Pull stream may have a pull block (LiveStreamRules).
        var pulled = stream.Spec.Source.Pull is { Url: { } url } && Uri.TryCreate(url, UriKind.Absolute, out var pullUrl)
            ? ExternalStreamDetails.For(meta.Uid!, meta.Name!, pullUrl, status?.Phase?.ToString(), now)
            : null;
        return ResourceEvent.Create(type, subject, occurrence, now, new StreamingEvent
        {
            EventType = StreamingEventTypes.For(type),
            Timestamp = now,
            SessionId = sessionId,
            StreamData = new StreamMetadata
            {
                StreamId = meta.Uid!,
                Name = meta.Name!,
                Namespace = meta.Namespace!,
                Description = stream.Spec.Description,
                State = stream.Spec.State.ToString(),
                Phase = status?.Phase?.ToString(),
                PlaybackUrl = status?.Playback?.Url,
                LiveUrl = status?.Playback?.LiveUrl,
                ExternalStream = pulled,
                Connector = status?.Connector is { Phase: { } phase } connector
                    ? new ConnectorDetails { Phase = phase.ToString(), Since = connector.Since, Restarts = connector.Restarts, Message = connector.Message }
                    : null,
            },
        });
    }
}
