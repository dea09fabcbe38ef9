using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Events.Payloads;

namespace Airwave.Events.Kubernetes.Resources;

/// <summary>What events about a LiveStream say of it, whoever publishes them: the operator at a transition, the webhook service at a view.</summary>
public static class LiveStreamPayloads
{
    public static ResourceReference Subject(LiveStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var meta = stream.Metadata;
        return new ResourceReference(ApiGroup.ApiVersion, "livestreams", meta.Namespace!, meta.Name!, meta.Uid!);
    }

    /// <summary>The stream as the integration described it (its <c>stream_data</c>).</summary>
    public static StreamMetadata StreamData(LiveStream stream, LiveStreamStatus? status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var meta = stream.Metadata;
        // Only a Pull stream may have a pull block (LiveStreamRules).
        var pulled = stream.Spec.Source.Pull is { Url: { } url } && Uri.TryCreate(url, UriKind.Absolute, out var pullUrl)
            ? ExternalStreamDetails.For(meta.Uid!, meta.Name!, pullUrl, status?.Phase?.ToString(), now)
            : null;
        return new StreamMetadata
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
        };
    }
}
