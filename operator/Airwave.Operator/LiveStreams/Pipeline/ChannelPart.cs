using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Aws.MediaLive;
using Airwave.Events;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Conditions;
using Airwave.Operator.Configuration;
using Airwave.Operator.LiveStreams.Resources;
using Channel = Airwave.Aws.MediaLive.Channel;
using Airwave.Operator.LiveStreams.Cost;

namespace Airwave.Operator.LiveStreams.Pipeline;

/// <summary>
/// The stream's MediaLive channel, between its input and its packaging: made once the input is, started or stopped as
/// spec.state asks (a session per start, each recording to an archive prefix of its own), its settings kept to the
/// spec while it is idle, and stopped and deleted with the stream.
/// </summary>
public sealed class ChannelPart(LiveStreamAws aws, ChannelStarts starts, OperatorOptions options) : IStreamPart
{
    public StreamProblem? Check(LiveStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (ArchiveProblem(stream, options) is { } archive)
        {
            return archive;
        }

        return string.IsNullOrEmpty(options.MediaLiveRoleArn)
            ? new("NoMediaLiveRole", "The operator's mediaLiveRoleArn setting is empty; MediaLive channels need a role to write to MediaPackage and S3.")
            : null;
    }

    public IEnumerable<PartCost> Costs(LiveStream stream, PriceTable prices)
    {
        ArgumentNullException.ThrowIfNull(stream);
        yield return CostComponents.MediaLive(stream.Spec, prices);
        if (stream.Spec.Archive.Enabled)
        {
            yield return CostComponents.ArchiveStorage(stream.Status, prices);
        }
    }

    public async Task<PartResult> ReconcileAsync(StreamPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var (stream, draft, pipeline) = (pass.Stream, pass.Draft, pass.Pipeline);
        var input = pipeline.Input!;
        if (input.State == InputState.Creating)
        {
            draft.Update(s => s with { Phase = LiveStreamPhase.Provisioning });
            return PartResult.LookAgainWithin(options.PollInterval);
        }

        // A channel's pipeline count is fixed by its input; until the stream is re-created, keep planning for what exists.
        var spec = stream.Spec with { Encoding = stream.Spec.Encoding with { ChannelClass = ChannelChanges.InputChannelClass(input) } };
        if (await EnsureAsync(pass, spec, cancellationToken) is not { } channel)
        {
            return PartResult.LookAgainWithin(options.PollInterval);
        }

        var settled = await starts.DriveAsync(pass, spec, channel, cancellationToken);
        await ChannelChanges.ReportReplacementNeedsAsync(pass, input, cancellationToken);
        pipeline.Channel = channel;
        if (!settled)
        {
            return PartResult.LookAgainWithin(options.PollInterval);
        }

        if (draft.Status.Phase is LiveStreamPhase.Running or LiveStreamPhase.Idle
            && ConditionList.Find(draft.Status.Conditions, LiveStreamConditions.UpdatePending) is not { Status: ConditionStatus.True })
        {
            pass.Resources.MarkSettled();
        }

        // A running pulled stream depends on a source someone else serves: whether the channel can read it is looked
        // at more often than the resync repairs drift. A stream with an idle limit is looked at when its silence
        // would reach it.
        var running = draft.Status.Phase == LiveStreamPhase.Running;
        TimeSpan? within = running && pass.Layout.Ingest == MediaIngest.Pulled ? options.PullSourceCheckInterval : null;
        if (running && pipeline.Silence is { } silence && (within is null || silence.LookAgainWithin(pass.Now) < within))
        {
            within = silence.LookAgainWithin(pass.Now);
        }

        return within is { } soon ? PartResult.LookAgainWithin(soon) : PartResult.Done;
    }

    /// <summary>Stops the channel and waits for IDLE, then deletes it and waits for it to go.</summary>
    public async Task<bool> TeardownAsync(StreamTeardownPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var channels = pass.Resources.Channels;
        var channel = await channels.RemainingAsync(pass.Stream.Status?.Aws?.ChannelId, cancellationToken);
        switch (channel?.State)
        {
            case null:
                return true;
            case ChannelState.Starting or ChannelState.Running or ChannelState.Recovering:
                await aws.Channels.StopAsync(channel.Id, cancellationToken);
                break;
            case ChannelState.Idle or ChannelState.CreateFailed or ChannelState.UpdateFailed:
                await channels.DeleteAsync(channel.Id, cancellationToken);

                break;
        }

        return false;
    }

    /// <summary>
    /// Why the stream's archive cannot be written: no bucket named, or one the operator does not allow; null when it
    /// records nothing or may record where it asks.
    /// </summary>
    internal static StreamProblem? ArchiveProblem(LiveStream stream, OperatorOptions options)
    {
        var archive = stream.Spec.Archive;
        if (archive.Enabled && (archive.Bucket ?? options.ArchiveBucket) is null)
        {
            return new("NoArchiveBucket", "spec.archive.enabled is true but neither spec.archive.bucket nor the operator's archiveBucket setting names a bucket.");
        }

        return options.Buckets.CheckArchive(archive) is { } forbidden ? new("ArchiveBucketNotAllowed", forbidden.ToString()) : null;
    }

    /// <summary>Finds (unless this pass already read it) or creates the channel; null while it cannot be driven yet.</summary>
    private async Task<Channel?> EnsureAsync(StreamPass pass, LiveStreamSpec spec, CancellationToken cancellationToken)
    {
        var draft = pass.Draft;
        var ids = draft.Status.Aws!;
        var channels = pass.Resources.Channels;
        var found = await channels.ReadOneAsync(ids.ChannelId, pass.Identity, cancellationToken);
        var channel = found.Resource;
        if (channel is null)
        {
            var archive = StreamSessions.NextArchive(pass, options.ArchiveBucket);
            var plan = ChannelManager.Plan(spec, pass.Pipeline.Input!.Id, pass.Pipeline.Package!.Id, archive?.DestinationUrl, options.MediaLiveRoleArn);
            channel = await channels.CreateAsync(plan, pass.Identity, found.WentMissing ? ids.ChannelId : null, cancellationToken);
            await pass.CreatedAsync("channel", channel.Id, found.WentMissing, cancellationToken);
        }

        draft.Update(s => s with { Aws = s.Aws! with { ChannelId = channel.Id } });
        switch (channel.State)
        {
            case ChannelState.Creating:
                draft.Update(s => s with { Phase = LiveStreamPhase.Provisioning });
                draft.Condition(LiveStreamConditions.ChannelReady, false, "Creating", $"Channel {channel.Id} is being created.");
                draft.Condition(ConditionTypes.Ready, false, "Provisioning", "Waiting for the MediaLive channel to be created.");
                return null;
            case ChannelState.Unknown:
                // A state MediaLive added after this build: wait for one the operator knows rather than guess.
                draft.Condition(LiveStreamConditions.ChannelReady, false, "UnknownState", $"Channel {channel.Id} is in a state this version of the operator does not know; waiting for it to change.");
                return null;
            case ChannelState.CreateFailed or ChannelState.UpdateFailed:
                pass.Fail("ChannelFailed", $"MediaLive channel {channel.Id} is {channel.State}; check its settings in the MediaLive console, then delete and re-create the LiveStream.");
                draft.Condition(LiveStreamConditions.ChannelReady, false, channel.State.ToString(), $"Channel {channel.Id} is {channel.State}.");
                return null;
            default:
                draft.Condition(LiveStreamConditions.ChannelReady, true, "Created", $"Channel {channel.Id} is {channel.State}.");
                if (pass.Stream.Status?.Phase is null or LiveStreamPhase.Pending or LiveStreamPhase.Provisioning)
                {
                    pass.Announce(EventTypes.StreamProvisioned, channel.Id, null);
                }

                return channel;
        }
    }
}
