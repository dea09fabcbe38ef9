namespace Airwave.Api.LiveStreams;

/// <summary>
/// Which streams count against an installation's maxRunningChannelsPerNamespace: those whose channel MediaLive bills
/// (starting, running or stopping). A WebRtc stream runs SFU pods, not a channel, so it never counts. The operator
/// queues by it, and admission warns by it.
/// </summary>
public static class RunningChannels
{
    public static bool Holds(LiveStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return stream.Spec.Source.Type != SourceType.WebRtc
            && stream.Status?.Phase is LiveStreamPhase.Starting or LiveStreamPhase.Running or LiveStreamPhase.Stopping;
    }
}
