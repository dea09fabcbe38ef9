using Airwave.Api.LiveStreams;
using Airwave.Api.Validation;
using Airwave.Aws.MediaLive;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Conditions;
using Airwave.Operator.Configuration;
using Channel = Airwave.Aws.MediaLive.Channel;

namespace Airwave.Operator.LiveStreams.Pipeline;

/// <summary>
/// spec.idleStopAfter (or the installation's idleStopAfter): a running channel whose every pipeline has had no video
/// that long, as MediaLive's Video Not Detected alerts say (set while the input is unavailable, from the start), or a
/// WebRtc stream whose SFU pods have had no publisher that long, is stopped, and the stream stays stopped (condition
/// IdleStopped, for the generation it was stopped at) until its spec changes; so is a Chime stream on IVS whose
/// channel has not been live that long (its meeting connector pod is removed). MediaLive bills a running channel
/// whether or not anything reaches it; SFU and connector pods hold their nodes' resources.
/// </summary>
public sealed class IdleStop(OperatorOptions options)
{
    /// <summary>Ready's message while the stream stays stopped for its idle limit.</summary>
    public const string HeldMessage = "The stream was stopped because its input had no video for its idle limit (spec.idleStopAfter, or the installation's idleStopAfter); change its spec (such as spec.state to Stopped, then Running) to start it again.";

    /// <summary>The stream's limit; null when neither it nor the installation sets one.</summary>
    public TimeSpan? LimitFor(LiveStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Durations.TryParse(stream.Spec.IdleStopAfter, out var after) ? after : options.IdleStopAfter;
    }

    /// <summary>Whether the stream was stopped for want of input and its spec has not changed since: it stays stopped.</summary>
    public static bool Holds(LiveStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ConditionList.Find(stream.Status?.Conditions, LiveStreamConditions.IdleStopped) is { Status: ConditionStatus.True } stopped
            && stopped.ObservedGeneration == stream.Metadata.Generation;
    }

    /// <summary>
    /// How long the running channel has gone without video, against the stream's limit: null when it has no limit.
    /// Silence starts at the latest of the pipelines' Video Not Detected alerts and the session's start; a pipeline
    /// without the alert has video, and the channel is not silent.
    /// </summary>
    public async Task<IdleSilence?> ReadAsync(StreamPass pass, LiveStreamAws aws, Channel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(aws);
        ArgumentNullException.ThrowIfNull(channel);
        if (LimitFor(pass.Stream) is not { } limit)
        {
            return null;
        }

        var alerts = await pass.Pipeline.SetAlertsAsync(aws.Channels, channel.Id, cancellationToken);
        var pipelines = channel.ChannelClass == Airwave.Aws.MediaLive.ChannelClass.Standard ? 2 : 1;
        var silentSince = Enumerable.Range(0, pipelines)
            .Select(p => alerts.Where(a => a.AlertType == ChannelAlertTypes.VideoNotDetected && a.PipelineId == p.ToString(System.Globalization.CultureInfo.InvariantCulture)).Max(a => a.SetTimestamp))
            .ToList();
        if (silentSince.Any(since => since is null))
        {
            return new IdleSilence(null, limit);
        }

        var started = SessionStart(pass);
        var since = silentSince.Max()!.Value;
        return new IdleSilence(started > since ? started : since, limit);
    }

    /// <summary>
    /// How long a stream has gone without what its <paramref name="condition"/> reports (a WebRtc stream's SFU pods
    /// without a publisher: Publishing; a Chime stream's IVS channel not live: Broadcasting), against the stream's
    /// limit: null when it has no limit. Silence starts when the condition last turned False, or at the session's start.
    /// </summary>
    public IdleSilence? ReadPresence(StreamPass pass, string condition, bool present)
    {
        ArgumentNullException.ThrowIfNull(pass);
        if (LimitFor(pass.Stream) is not { } limit)
        {
            return null;
        }

        if (present)
        {
            return new IdleSilence(null, limit);
        }

        var started = SessionStart(pass) ?? pass.Now;
        var since = ConditionList.Find(pass.Draft.Status.Conditions, condition) is { Status: ConditionStatus.False } absent
            && absent.LastTransitionTime > started
                ? absent.LastTransitionTime
                : started;
        return new IdleSilence(since, limit);
    }

    /// <summary>Silence is never counted from before the session began.</summary>
    private static DateTimeOffset? SessionStart(StreamPass pass) =>
        pass.Draft.Status.Sessions.LastOrDefault(s => s.Id == pass.Draft.Status.CurrentSessionId)?.StartedAt;
}

/// <summary>Since when a running channel has had no video (null: it has some now), and how long it may go so.</summary>
public sealed record IdleSilence(DateTimeOffset? Since, TimeSpan Limit)
{
    public bool IsDue(DateTimeOffset now) => Since is { } since && now - since >= Limit;

    /// <summary>When to look again: when the silence reaches the limit, or, with video now, a limit from now.</summary>
    public TimeSpan LookAgainWithin(DateTimeOffset now) =>
        Since is { } since ? TimeSpan.FromTicks(Math.Max((since + Limit - now).Ticks, TimeSpan.FromSeconds(1).Ticks)) : Limit;
}
