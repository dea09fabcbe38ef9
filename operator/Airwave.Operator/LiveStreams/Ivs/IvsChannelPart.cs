using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Aws.Errors;
using Airwave.Events;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Conditions;
using Airwave.Kubernetes.Events;
using Airwave.Kubernetes.Secrets;
using Airwave.Operator.Configuration;
using Airwave.Operator.LiveStreams.Resources;
using Airwave.Operator.LiveStreams.Cost;
using Airwave.Operator.LiveStreams.Pipeline;

namespace Airwave.Operator.LiveStreams.Ivs;

/// <summary>
/// A stream's IVS channel, in place of MediaLive's input, packaging and channel. An IVS channel takes a push whenever
/// one comes, so nothing is started or stopped: the stream runs while something pushes into the channel, and each
/// start is a session. Its stream key is in the ingest Secret; its settings follow the spec while it is not live.
/// Whether the channel is live is the Broadcasting condition; with an idle limit (<see cref="IdleStop"/>), a stream
/// whose channel has not been live that long is stopped, and its meeting connector removed. At its namespace's
/// monthly spend limit (<see cref="SpendStop"/>) a stream does not start, and a running one is stopped where the
/// budget says so (the input is billed while the channel is live) and told otherwise.
/// </summary>
public sealed class IvsChannelPart(LiveStreamAws aws, IngestSecret ingestSecret, IdleStop idle, SpendStop spend, OperatorOptions options) : IStreamPart
{
    public IEnumerable<PartCost> Costs(LiveStream stream, PriceTable prices)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var type = stream.Spec.Source.Chime?.Ivs?.Type ?? IvsChannelType.Standard;
        return [CostComponents.IvsInput(type, prices), CostComponents.IvsOutput(stream.Status?.Ivs?.ChannelArn, type, prices)];
    }

    public async Task<PartResult> ReconcileAsync(StreamPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var (stream, draft) = (pass.Stream, pass.Draft);
        if (stream.Status?.Ivs is null)
        {
            // Before IVS is asked for a channel: a Secret that may not be written leaves none behind.
            await ingestSecret.ClaimAsync(stream, cancellationToken);
        }

        var spec = stream.Spec.Source.Chime?.Ivs ?? new IvsChannelSpec();
        if (spec.Private)
        {
            // Tokens are signed with the installation's key, which IVS must know before a viewer comes.
            await aws.IvsPlaybackKey.EnsureAsync(cancellationToken);
        }

        // The recording configuration the stream records with, if any: IvsRecordingPart's, which runs before.
        var plan = new IvsChannelPlan(spec, draft.Status.Ivs?.RecordingConfigurationArn);
        var channel = await EnsureAsync(pass, plan, cancellationToken);
        await WriteStreamKeyAsync(pass, channel, cancellationToken);
        draft.Update(s => s with
        {
            Ivs = (s.Ivs ?? new IvsStatus()) with { ChannelArn = channel.Arn, PlaybackUrl = channel.PlaybackUrl, Private = channel.Authorized },
            Ingest = new IngestStatus { Primary = IvsChannelManager.IngestServer(channel), SecretRef = new LocalObjectReference { Name = IngestSecret.NameFor(stream) } },
            Playback = new PlaybackStatus { Url = channel.PlaybackUrl },
        });
        var updatePending = await ApplySettingsAsync(pass, channel, plan, cancellationToken);
        draft.Condition(LiveStreamConditions.ChannelReady, true, "Ready", $"IVS channel {channel.Arn} takes the meeting connector's push.");

        if (!Runs(stream))
        {
            await StreamSessions.EndAsync(pass, cancellationToken, StopReasons.Of(draft.Status));
            SpendStop.Clear(pass);
            draft.Update(s => s with { Phase = LiveStreamPhase.Idle, Conditions = ConditionList.Remove(s.Conditions, LiveStreamConditions.Broadcasting) });
            if (stream.Spec.State == StreamState.Running)
            {
                draft.Condition(ConditionTypes.Ready, false, LiveStreamConditions.IdleStopped, IdleStop.HeldMessage);
            }
            else
            {
                draft.Condition(ConditionTypes.Ready, true, "Idle", "The stream is stopped; set spec.state to Running to start it.");
            }

            // A stopped stream's channel goes offline moments after its connector left; its waiting update follows.
            return updatePending ? PartResult.LookAgainWithin(options.PollInterval) : PartResult.Done;
        }

        var reached = spend.Reached(pass);
        if (reached is not null && (draft.Status.CurrentSessionId is null || reached.Limit.StopAtLimit))
        {
            return await WaitForBudgetAsync(pass, channel, reached, cancellationToken);
        }

        if (draft.Status.CurrentSessionId is null)
        {
            var session = StreamSessions.Begin(pass, archivePath: null);
            draft.Update(s => s with { Conditions = ConditionList.Remove(s.Conditions, LiveStreamConditions.IdleStopped) });
            await pass.RecordAsync(EventType.Normal, "Started", "Start", $"Session {session.Id} started: the meeting connector broadcasts to IVS channel {channel.Arn}", cancellationToken);
            pass.Announce(EventTypes.StreamStarted, session.Id, session.Id);
        }

        if (reached is not null)
        {
            await SpendStop.TellRunningAsync(pass, reached, cancellationToken);
        }
        else
        {
            SpendStop.Clear(pass);
        }

        // The channel is ready; the connector's pass says whether the stream runs.
        draft.Update(s => s with { Phase = LiveStreamPhase.Running });
        return await CheckBroadcastAsync(pass, channel, cancellationToken);
    }

    /// <summary>
    /// At the namespace's spend limit: a running stream is stopped (its session ends for the quota, and the connector's
    /// part removes its connector), and the stream waits, Idle, until the month ends or the limit rises, which each
    /// resync looks at.
    /// </summary>
    private static async Task<PartResult> WaitForBudgetAsync(StreamPass pass, Aws.Ivs.Channel channel, SpendReached reached, CancellationToken cancellationToken)
    {
        if (pass.Draft.Status.CurrentSessionId is not null)
        {
            await SpendStop.StoppedAsync(pass, reached, $"Stopped the broadcast to IVS channel {channel.Arn}", cancellationToken);
        }

        await StreamSessions.EndAsync(pass, cancellationToken, StopReasons.Of(pass.Draft.Status));
        pass.Draft.Update(s => s with { Conditions = ConditionList.Remove(s.Conditions, LiveStreamConditions.Broadcasting) });
        await SpendStop.WaitAsync(pass, reached, cancellationToken);
        return PartResult.Done;
    }

    /// <summary>Whether the stream is to run: asked to, and not stopped for its idle limit since its spec last changed.</summary>
    public static bool Runs(LiveStream stream) =>
        stream?.Spec.State == StreamState.Running && !IdleStop.Holds(stream);

    /// <summary>
    /// Says whether the channel is live, and stops the stream once it has not been for the stream's idle limit (the
    /// next pass ends the session, and the connector's part removes the connector); looks again when the limit falls
    /// due, if before the connector's next check.
    /// </summary>
    private async Task<PartResult> CheckBroadcastAsync(StreamPass pass, Aws.Ivs.Channel channel, CancellationToken cancellationToken)
    {
        var live = await aws.IvsChannels.BroadcastAsync(channel, cancellationToken) is not null;
        pass.Draft.Condition(
            LiveStreamConditions.Broadcasting,
            live,
            live ? "Live" : "NotBroadcasting",
            live ? $"IVS channel {channel.Arn} is live." : $"Nothing is pushed into IVS channel {channel.Arn}.");
        var silence = idle.ReadPresence(pass, LiveStreamConditions.Broadcasting, live);
        if (silence is null || !silence.IsDue(pass.Now))
        {
            return silence?.LookAgainWithin(pass.Now) is { } due && due < options.Connector.CheckInterval ? PartResult.LookAgainWithin(due) : PartResult.Done;
        }

        var message = $"Stopping the stream: IVS channel {channel.Arn} has not been live for {silence.Limit} (since {silence.Since:u}), the stream's idle limit";
        pass.Draft.Condition(LiveStreamConditions.IdleStopped, true, "NotBroadcasting", message + "; change the spec to start it again.");
        await pass.RecordAsync(EventType.Normal, LiveStreamConditions.IdleStopped, "Stop", message, cancellationToken);
        pass.Transition(LiveStreamPhase.Stopping, LiveStreamConditions.IdleStopped, "Stopping: the IVS channel has not been live for the stream's idle limit.");
        return PartResult.LookAgainWithin(options.PollInterval);
    }

    /// <summary>Deletes the channel once nothing pushes into it (IVS does not delete a live channel).</summary>
    public async Task<bool> TeardownAsync(StreamTeardownPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var channels = pass.Resources.IvsChannels;
        var channel = await channels.RemainingAsync(pass.Stream.Status?.Ivs?.ChannelArn, cancellationToken);
        if (channel is null)
        {
            return true;
        }

        if (await channels.DeleteAsync(channel.Arn, cancellationToken))
        {
            await pass.RecordAsync("Deleted", $"Deleted IVS channel {channel.Arn}", cancellationToken);
        }

        return false;
    }

    private static async Task<Aws.Ivs.Channel> EnsureAsync(StreamPass pass, IvsChannelPlan plan, CancellationToken cancellationToken)
    {
        var known = pass.Stream.Status?.Ivs?.ChannelArn;
        var observed = await pass.Resources.IvsChannels.ReadOneAsync(known, pass.Identity, cancellationToken);
        if (observed.Resource is { } channel)
        {
            return channel;
        }

        channel = await pass.Resources.IvsChannels.CreateAsync(plan, pass.Identity, observed.WentMissing ? known : null, cancellationToken);
        await (observed.WentMissing
            ? pass.RecordAsync(EventType.Warning, "Recreated", "Create", $"IVS channel {known} was deleted outside Airwave; created {channel.Arn} in its place, with a new stream key and playback URL", cancellationToken)
            : pass.RecordAsync(EventType.Normal, "Created", "Create", $"Created IVS channel {channel.Arn}", cancellationToken));
        return channel;
    }

    private async Task WriteStreamKeyAsync(StreamPass pass, Aws.Ivs.Channel channel, CancellationToken cancellationToken)
    {
        var streamKey = await aws.IvsChannels.StreamKeyAsync(channel, pass.Identity, cancellationToken);
        var values = new Dictionary<string, string> { [IngestSecret.StreamKey] = streamKey, [IngestSecret.PrimaryUrl] = IvsChannelManager.IngestUrl(channel, streamKey) };
        var written = await ingestSecret.WriteAsync(pass.Stream, values, verify: true, cancellationToken);
        if (written.Outcome is SecretWriteOutcome.ChangedSince or SecretWriteOutcome.DeletedSince)
        {
            await pass.RecordAsync(EventType.Warning, "IngestSecretRestored", "Update", $"Secret {IngestSecret.NameFor(pass.Stream)} was {(written.Outcome == SecretWriteOutcome.DeletedSince ? "missing" : "changed")}; it holds the stream key of IVS channel {channel.Arn} again.", cancellationToken);
        }
    }

    /// <summary>
    /// Makes the channel's settings the spec's: at once when it is not live, else reported until it is not (IVS
    /// refuses to update a live channel). True while a change waits.
    /// </summary>
    private static async Task<bool> ApplySettingsAsync(StreamPass pass, Aws.Ivs.Channel channel, IvsChannelPlan plan, CancellationToken cancellationToken)
    {
        if (pass.Resources.IvsChannels.Delta(channel, plan, pass.SpecChanged) is { NeedsUpdate: true } delta)
        {
            try
            {
                await pass.Resources.IvsChannels.UpdateAsync(channel, plan, cancellationToken);
            }
            catch (AwsConflictException)
            {
                pass.Draft.Condition(LiveStreamConditions.UpdatePending, true, "ChannelLive", $"IVS does not change a live channel: {delta.Describe()} applies once the stream stops.");
                return true;
            }

            await pass.ReportUpdateAsync($"IVS channel {channel.Arn}", delta, $"IVS channel {channel.Arn} now has {delta.Describe()}", cancellationToken);
        }

        pass.Draft.Update(s => s with { Conditions = ConditionList.Remove(s.Conditions, LiveStreamConditions.UpdatePending) });
        return false;
    }
}
