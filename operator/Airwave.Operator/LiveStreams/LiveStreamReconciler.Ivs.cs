using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Aws.Errors;
using Airwave.Events;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Conditions;
using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Events;
using Airwave.Kubernetes.Secrets;
using Airwave.Operator.LiveStreams.Resources;
using Airwave.Operator.Status;

namespace Airwave.Operator.LiveStreams;

/// <summary>
/// A Chime stream to IVS: an IVS channel of its own instead of MediaLive's input, packaging and channel. An IVS
/// channel takes a push whenever one comes, so nothing is started or stopped: the stream runs while its connector
/// (<see cref="ReconcileChimeAsync"/>) pushes the meeting into the channel, and each start is a session.
/// </summary>
public sealed partial class LiveStreamReconciler
{
    /// <summary>
    /// Whether the stream broadcasts through IVS: what it was made with once it has a channel (its target is fixed
    /// then), else what its spec asks.
    /// </summary>
    private static bool RunsOnIvs(LiveStream stream) =>
        stream.Status?.Ivs is not null
        || (stream.Status?.Aws is null && stream.Spec.Source is { Type: SourceType.Chime, Chime.Target: ChimeTarget.Ivs });

    /// <summary>The channel, its stream key in the ingest Secret, its settings as the spec asks, and the session.</summary>
    private async Task<ReconcileResult> ReconcileIvsChannelAsync(LiveStream stream, StreamIdentity identity, StatusDraft<LiveStreamStatus> draft, CancellationToken cancellationToken)
    {
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

        var known = stream.Status?.Ivs?.ChannelArn;
        var observed = await aws.IvsChannels.ReadOneAsync(known, identity, cancellationToken);
        var channel = observed.Resource;
        if (channel is null)
        {
            channel = await aws.IvsChannels.CreateAsync(identity, spec, cancellationToken);
            await (observed.WentMissing
                ? RecordAsync(stream, EventType.Warning, "Recreated", "Create", $"IVS channel {known} was deleted outside Airwave; created {channel.Arn} in its place, with a new stream key and playback URL", cancellationToken)
                : RecordAsync(stream, EventType.Normal, "Created", "Create", $"Created IVS channel {channel.Arn}", cancellationToken));
        }

        var streamKey = await aws.IvsChannels.StreamKeyAsync(channel, identity, cancellationToken);
        var values = new Dictionary<string, string> { [IngestSecret.StreamKey] = streamKey, [IngestSecret.PrimaryUrl] = IvsChannelManager.IngestUrl(channel, streamKey) };
        var written = await ingestSecret.WriteAsync(stream, values, verify: true, cancellationToken);
        if (written.Outcome is SecretWriteOutcome.ChangedSince or SecretWriteOutcome.DeletedSince)
        {
            await RecordAsync(stream, EventType.Warning, "IngestSecretRestored", "Update", $"Secret {IngestSecret.NameFor(stream)} was {(written.Outcome == SecretWriteOutcome.DeletedSince ? "missing" : "changed")}; it holds the stream key of IVS channel {channel.Arn} again.", cancellationToken);
        }

        draft.Update(s => s with
        {
            Ivs = new IvsStatus { ChannelArn = channel.Arn, PlaybackUrl = channel.PlaybackUrl, Private = channel.Authorized },
            Ingest = new IngestStatus { Primary = IvsChannelManager.IngestServer(channel), SecretRef = new LocalObjectReference { Name = IngestSecret.NameFor(stream) } },
            Playback = new PlaybackStatus { Url = channel.PlaybackUrl },
        });
        var updatePending = await ApplyIvsSettingsAsync(stream, channel, spec, draft, cancellationToken);
        draft.Condition(LiveStreamConditions.ChannelReady, true, "Ready", $"IVS channel {channel.Arn} takes the meeting connector's push.");

        if (stream.Spec.State != StreamState.Running)
        {
            await EndSessionAsync(stream, draft, cancellationToken);
            draft.Update(s => s with { Phase = LiveStreamPhase.Idle });
            draft.Condition(ConditionTypes.Ready, true, "Idle", "The stream is stopped; set spec.state to Running to start it.");

            // A stopped stream's channel goes offline moments after its connector left; its waiting update follows.
            return ReconcileResult.After(updatePending ? options.PollInterval : options.ResyncInterval);
        }

        if (draft.Status.CurrentSessionId is null)
        {
            var session = new StreamSession { Id = NewSessionId(), StartedAt = draft.Now };
            draft.Update(s => s with { CurrentSessionId = session.Id, Sessions = WithSession(s.Sessions, session), LastStarted = draft.Now });
            await RecordAsync(stream, EventType.Normal, "Started", "Start", $"Session {session.Id} started: the meeting connector broadcasts to IVS channel {channel.Arn}", cancellationToken);
            Announce(stream, draft, EventTypes.StreamStarted, session.Id, session.Id);
        }

        // The channel is ready; the connector's pass says whether the stream runs.
        draft.Update(s => s with { Phase = LiveStreamPhase.Running });
        return ReconcileResult.After(options.ResyncInterval);
    }

    /// <summary>
    /// Makes the channel's settings the spec's: at once when it is not live, else reported until it is not (IVS
    /// refuses to update a live channel). True while a change waits.
    /// </summary>
    private async Task<bool> ApplyIvsSettingsAsync(LiveStream stream, Aws.Ivs.Channel channel, IvsChannelSpec spec, StatusDraft<LiveStreamStatus> draft, CancellationToken cancellationToken)
    {
        if (IvsChannelManager.Delta(channel, spec, SpecChanged(stream)) is { NeedsUpdate: true } delta)
        {
            try
            {
                await aws.IvsChannels.UpdateAsync(channel.Arn, spec, cancellationToken);
            }
            catch (AwsConflictException)
            {
                draft.Condition(LiveStreamConditions.UpdatePending, true, "ChannelLive", $"IVS does not change a live channel: {delta.Describe()} applies once the stream stops.");
                return true;
            }

            await ReportUpdateAsync(stream, $"IVS channel {channel.Arn}", delta, $"IVS channel {channel.Arn} now has {delta.Describe()}", cancellationToken);
        }

        draft.Update(s => s with { Conditions = ConditionList.Remove(s.Conditions, LiveStreamConditions.UpdatePending) });
        return false;
    }
}
