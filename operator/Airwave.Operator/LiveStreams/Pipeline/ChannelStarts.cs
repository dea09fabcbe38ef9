using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Api.Validation;
using Airwave.Aws.MediaLive;
using Airwave.Events;
using Airwave.Kubernetes.Conditions;
using Airwave.Kubernetes.Events;
using Airwave.Operator.Configuration;
using Airwave.Operator.LiveStreams.Resources;
using Channel = Airwave.Aws.MediaLive.Channel;

namespace Airwave.Operator.LiveStreams.Pipeline;

/// <summary>
/// Drives a made channel where spec.state asks: starts it (a session per start, within the namespace's share of
/// running channels and its monthly spend), stops it (as asked, when its input has had no video for its idle limit,
/// or at the namespace's spend limit where its budget says so), and reports what a running channel cannot take until
/// it stops.
/// </summary>
public sealed class ChannelStarts(LiveStreamAws aws, ChannelChanges changes, RunningChannelQuota quota, IdleStop idle, SpendStop spend, OperatorOptions options)
{
    /// <summary>Starts or stops the channel as spec.state asks; returns whether it has settled where asked.</summary>
    /// <param name="spec">The stream's spec, with the channel class its input was made for.</param>
    public async Task<bool> DriveAsync(StreamPass pass, LiveStreamSpec spec, Channel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(channel);
        var (stream, draft) = (pass.Stream, pass.Draft);
        if (channel.State == ChannelState.Idle && pass.RotationAsked is { } rotation && rotation != draft.Status.Ingest?.KeyRotation)
        {
            await changes.RotateStreamKeyAsync(pass, rotation, cancellationToken);
        }

        // A stream stopped for want of input stays stopped until its spec changes.
        var wantRunning = spec.State == StreamState.Running && !IdleStop.Holds(stream);
        var currentArchive = ArchiveLocation.DisplayPathOf(ChannelChanges.ArchiveDestinationOf(channel));
        switch (channel.State)
        {
            case ChannelState.Idle when wantRunning && spend.Reached(pass) is { } reached:
                await StreamSessions.EndAsync(pass, cancellationToken, StopReasons.Of(pass.Draft.Status));
                await SpendStop.WaitAsync(pass, reached, cancellationToken);
                return true;
            case ChannelState.Idle when wantRunning && !quota.TryTake(stream, out var taken, out var limit):
                await StreamSessions.EndAsync(pass, cancellationToken, StopReasons.Of(pass.Draft.Status));
                await WaitForSlotAsync(pass, limit!.Describe(stream.Metadata.Namespace!, taken), cancellationToken);
                return true;
            case ChannelState.Idle when wantRunning:
                await StartAsync(pass, spec, channel, currentArchive, cancellationToken);
                return false;
            case ChannelState.Idle:
                await IdleAsync(pass, spec, channel, cancellationToken);
                return true;
            case ChannelState.Starting or ChannelState.Running or ChannelState.Recovering when !wantRunning:
                await aws.Channels.StopAsync(channel.Id, cancellationToken);
                await pass.RecordAsync(EventType.Normal, "Stopping", "Stop", $"Stopping channel {channel.Id}", cancellationToken);
                pass.Transition(LiveStreamPhase.Stopping, "Stopping", "Waiting for the channel to stop.");
                return false;
            case ChannelState.Running:
                await AdoptSessionAsync(pass, currentArchive, cancellationToken);
                var silence = await idle.ReadAsync(pass, aws, channel, cancellationToken);
                if (silence is not null && silence.IsDue(pass.Now))
                {
                    await StopIdleAsync(pass, channel, silence, cancellationToken);
                    return false;
                }

                if (await spend.CheckRunningAsync(pass, aws, channel, cancellationToken))
                {
                    return false;
                }

                pass.Pipeline.Silence = silence;
                Running(pass, spec, channel);
                return true;
            case ChannelState.Starting or ChannelState.Recovering:
                await AdoptSessionAsync(pass, currentArchive, cancellationToken);
                pass.Transition(LiveStreamPhase.Starting, "Starting", $"Waiting for the channel to start ({channel.State}).");
                return false;
            case ChannelState.Stopping:
                pass.Transition(LiveStreamPhase.Stopping, "Stopping", "Waiting for the channel to stop.");
                return false;
            case ChannelState.Updating:
                pass.Transition(wantRunning ? LiveStreamPhase.Starting : LiveStreamPhase.Idle, "Updating", "Waiting for MediaLive to apply the channel's new settings.");
                return false;
            default:
                pass.Transition(LiveStreamPhase.Provisioning, channel.State.ToString(), $"Waiting for the channel ({channel.State}).");
                return false;
        }
    }

    /// <summary>A stopped stream: its session ends, its share of running channels is free, and the idle channel takes the spec's settings.</summary>
    private async Task IdleAsync(StreamPass pass, LiveStreamSpec spec, Channel channel, CancellationToken cancellationToken)
    {
        quota.Release(pass.Stream);
        await StreamSessions.EndAsync(pass, cancellationToken, StopReasons.Of(pass.Draft.Status));
        SpendStop.Clear(pass);
        var plan = Plan(pass, spec, ChannelChanges.ArchiveDestinationOf(channel));
        if (aws.Channels.Delta(channel, plan, pass.SpecChanged) is { NeedsUpdate: true } delta)
        {
            await ChannelChanges.UpdateAsync(pass, channel, plan, delta, cancellationToken);
        }

        pass.Draft.Update(s => s with { Phase = LiveStreamPhase.Idle });
        if (IdleStop.Holds(pass.Stream) && spec.State == StreamState.Running)
        {
            pass.Draft.Condition(ConditionTypes.Ready, false, LiveStreamConditions.IdleStopped, IdleStop.HeldMessage);
        }
        else
        {
            pass.Draft.Condition(ConditionTypes.Ready, true, "Idle", "The stream is stopped; set spec.state to Running to start it.");
        }
        pass.Draft.Condition(LiveStreamConditions.UpdatePending, false, "UpToDate", "The channel matches the spec.");
    }

    /// <summary>A running channel: Ready unless it has nothing to play, and UpdatePending while a change waits for it to stop.</summary>
    private void Running(StreamPass pass, LiveStreamSpec spec, Channel channel)
    {
        var draft = pass.Draft;
        draft.Update(s => s with { Phase = LiveStreamPhase.Running });
        if (pass.Pipeline.Problem is { NoMedia: true } problem)
        {
            // The channel runs (and is billed) but has nothing to play: Running, not Ready.
            draft.Condition(ConditionTypes.Ready, false, problem.Reason, $"The channel is running but has no media: {problem.Message}");
        }
        else
        {
            draft.Condition(ConditionTypes.Ready, true, "Running", spec.Source.Pull is { } pulled
                ? $"The channel is running and pulls {pulled.Url}."
                : "The channel is running; push to the ingest URLs in the Secret.");
        }

        var waiting = new List<string>(pass.Pipeline.Waiting);
        var delta = aws.Channels.Delta(channel, Plan(pass, spec, ChannelChanges.ArchiveDestinationOf(channel)), pass.SpecChanged);
        if (delta.IsDrift)
        {
            waiting.Add($"The channel was changed outside Airwave ({delta.Describe()}); it is set back when the stream next stops: MediaLive cannot update a running channel.");
        }
        else if (delta.NeedsUpdate)
        {
            waiting.Add("Encoding and archive changes apply when the stream next starts: MediaLive cannot update a running channel.");
        }

        if (pass.RotationAsked is { } asked && asked != draft.Status.Ingest?.KeyRotation)
        {
            waiting.Add("The stream key is rotated when the stream next stops: MediaLive cannot change the input of a running channel.");
        }

        if (waiting.Count > 0)
        {
            draft.Condition(LiveStreamConditions.UpdatePending, true, "ChannelRunning", string.Join(" ", waiting));
        }
        else
        {
            draft.Condition(LiveStreamConditions.UpdatePending, false, "UpToDate", "The channel matches the spec.");
        }
    }

    /// <summary>
    /// Starts a new session. Each session records to its own archive prefix, and a channel's destinations can only
    /// change while it is idle, so a channel whose prefix an earlier session used is first updated to a fresh
    /// prefix (MediaLive answers UPDATING, then IDLE) and started on a later pass. Pending spec changes ride along.
    /// </summary>
    /// <param name="archivePath">Where the channel records now, as status shows it.</param>
    private async Task StartAsync(StreamPass pass, LiveStreamSpec spec, Channel channel, string? archivePath, CancellationToken cancellationToken)
    {
        var draft = pass.Draft;
        await StreamSessions.EndAsync(pass, cancellationToken, StopReasons.Of(draft.Status));
        var fresh = !spec.Archive.Enabled || (archivePath is not null && draft.Status.Sessions.All(s => s.ArchivePath != archivePath));
        var destination = fresh ? ChannelChanges.ArchiveDestinationOf(channel) : StreamSessions.NextArchive(pass, options.ArchiveBucket)?.DestinationUrl;
        var plan = Plan(pass, spec, destination);
        pass.Transition(LiveStreamPhase.Starting, "Starting", "Waiting for the channel to start.");
        if (aws.Channels.Delta(channel, plan, pass.SpecChanged) is var delta && (!fresh || delta.NeedsUpdate))
        {
            await ChannelChanges.UpdateAsync(pass, channel, plan, delta, cancellationToken, starting: true);
            return;
        }

        if (!await aws.Channels.StartAsync(channel.Id, cancellationToken))
        {
            return;
        }

        var session = StreamSessions.Begin(pass, archivePath);
        draft.Condition(LiveStreamConditions.UpdatePending, false, "UpToDate", "The channel matches the spec.");
        draft.Update(s => s with { Conditions = ConditionList.Remove(ConditionList.Remove(s.Conditions, LiveStreamConditions.IdleStopped), LiveStreamConditions.QuotaExceeded) });
        var where = archivePath is null ? "without an archive" : $"recording to {archivePath}";
        await pass.RecordAsync(EventType.Normal, "Started", "Start", $"Started channel {channel.Id}: session {session.Id} {where}", cancellationToken);
        pass.Announce(EventTypes.StreamStarted, session.Id, session.Id);
    }

    /// <summary>
    /// The input has had no video for the stream's limit: the channel stops, the stream says why (IdleStopped, for this
    /// generation of the spec), and the session ends as idle once the channel is.
    /// </summary>
    private async Task StopIdleAsync(StreamPass pass, Channel channel, IdleSilence silence, CancellationToken cancellationToken)
    {
        await aws.Channels.StopAsync(channel.Id, cancellationToken);
        var message = $"Stopped channel {channel.Id}: its input had no video for {silence.Limit} (since {silence.Since:u}), the stream's idle limit";
        pass.Draft.Condition(LiveStreamConditions.IdleStopped, true, "NoInput", message + "; change the spec to start it again.");
        await pass.RecordAsync(EventType.Normal, LiveStreamConditions.IdleStopped, "Stop", message, cancellationToken);
        pass.Transition(LiveStreamPhase.Stopping, LiveStreamConditions.IdleStopped, "Waiting for the channel to stop: its input had no video for the stream's idle limit.");
    }

    /// <summary>
    /// Over the namespace's limit of running channels the stream stays idle, saying so; it is reconciled again as soon
    /// as a stream of its namespace stops (<see cref="RequeueWhenSlotFrees"/>), or at the next resync.
    /// </summary>
    /// <param name="full">What is taken of the namespace's limit, and which setting sets it (<see cref="ChannelLimit.Describe"/>).</param>
    private static async Task WaitForSlotAsync(StreamPass pass, string full, CancellationToken cancellationToken)
    {
        var stream = pass.Stream;
        var message = $"The {full}; the stream starts when one of them stops.";
        var before = ConditionList.Find(stream.Status?.Conditions, ConditionTypes.Ready);
        pass.Draft.Update(s => s with { Phase = LiveStreamPhase.Idle });
        pass.Draft.Condition(ConditionTypes.Ready, false, RequeueWhenSlotFrees.WaitingReason, message);
        if (before?.Reason != RequeueWhenSlotFrees.WaitingReason)
        {
            await pass.RecordAsync(EventType.Warning, RequeueWhenSlotFrees.WaitingReason, "Start", message, cancellationToken);
        }
    }

    /// <summary>A running channel with no session in status (the start's status write was lost): record it now.</summary>
    private static async Task AdoptSessionAsync(StreamPass pass, string? archivePath, CancellationToken cancellationToken)
    {
        if (pass.Draft.Status.CurrentSessionId is not null)
        {
            return;
        }

        var session = StreamSessions.Begin(pass, archivePath);
        await pass.RecordAsync(EventType.Normal, "SessionRecorded", "Start", $"Channel was already running; recorded it as session {session.Id}", cancellationToken);
        pass.Announce(EventTypes.StreamStarted, session.Id, session.Id);
    }

    private ChannelPlan Plan(StreamPass pass, LiveStreamSpec spec, string? archiveUrl) =>
        ChannelManager.Plan(spec, pass.Pipeline.Input!.Id, pass.Pipeline.Package!.Id, archiveUrl, options.MediaLiveRoleArn);
}
