using Airwave.Api.LiveStreams;
using Airwave.Aws.Ivs;
using Airwave.Kubernetes.Conditions;
using Airwave.Kubernetes.Events;
using Airwave.Operator.Configuration;
using Airwave.Operator.LiveStreams.Pipeline;
using Airwave.Operator.LiveStreams.Resources;
using Airwave.Operator.LiveStreams.Cost;

namespace Airwave.Operator.LiveStreams.Ivs;

/// <summary>
/// A Chime stream's recording through IVS (spec.archive.enabled, target Ivs): an IVS recording configuration to the
/// archive bucket, which the stream's IVS channel names (<see cref="IvsChannelPart"/> runs after this part), so that
/// IVS records each broadcast; each session's recording, once IVS has begun it, in the session's archivePath. A
/// configuration the stream no longer records with (the archive turned off, its bucket changed) is deleted once the
/// channel lets it go. Owns the Recording condition.
/// </summary>
public sealed class IvsRecordingPart(LiveStreamAws aws, IvsRecordingLocator locator, OperatorOptions options) : IStreamPart
{
    /// <summary>Recording's reason while a configuration the stream no longer records with waits for the channel to let it go.</summary>
    private const string Replacing = "Replacing";

    /// <summary>How long past the reconnect window a stopped session's recording is still looked for.</summary>
    private static readonly TimeSpan LookAfterStop = TimeSpan.FromMinutes(5);

    public StreamProblem? Check(LiveStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return stream.Spec.Archive.Enabled ? ChannelPart.ArchiveProblem(stream, options) : null;
    }

    public IEnumerable<PartCost> Costs(LiveStream stream, PriceTable prices) => [CostComponents.ArchiveStorage(stream?.Status, prices)];

    public async Task<PartResult> ReconcileAsync(StreamPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var draft = pass.Draft;
        var plan = PlanFor(pass.Stream);
        var known = draft.Status.Ivs?.RecordingConfigurationArn;
        var configuration = plan is null ? null : await pass.EnsureAsync(Managed, known, plan, cancellationToken);
        var leftovers = pass.SpecChanged || configuration?.Arn != known || ConditionList.Find(draft.Status.Conditions, LiveStreamConditions.Recording)?.Reason == Replacing;
        if (configuration?.Arn != known)
        {
            draft.Update(s => s with { Ivs = (s.Ivs ?? new IvsStatus()) with { RecordingConfigurationArn = configuration?.Arn } });
        }

        if (leftovers && !await DeleteLeftoversAsync(pass, configuration?.Arn, cancellationToken))
        {
            draft.Condition(LiveStreamConditions.Recording, configuration is not null, Replacing, "An IVS recording configuration the stream no longer records with is deleted once the channel no longer names it (IVS changes a channel only while it is not live).");
            return PartResult.LookAgainWithin(options.PollInterval);
        }

        if (configuration is null)
        {
            draft.Condition(LiveStreamConditions.Recording, false, "ArchiveDisabled", "spec.archive.enabled is false: broadcasts are not recorded.");
            return PartResult.Done;
        }

        draft.Condition(LiveStreamConditions.Recording, true, "Recording", $"IVS records each broadcast to bucket {plan!.Bucket} under ivs/v1/ (recording configuration {configuration.Arn}); each session's archivePath names its recording once IVS has begun it.");
        return await LocateSessionAsync(pass, plan.Bucket, cancellationToken);
    }

    /// <summary>Deletes every recording configuration of the stream once the channel is gone; true when none is left.</summary>
    public async Task<bool> TeardownAsync(StreamTeardownPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        foreach (var configuration in await aws.IvsRecordings.ListOwnedAsync(pass.Identity, cancellationToken))
        {
            if (!await aws.IvsRecordings.DeleteAsync(configuration.Arn, cancellationToken))
            {
                return false;
            }

            await pass.RecordAsync("Deleted", $"Deleted IVS recording configuration {configuration.Arn}", cancellationToken);
        }

        return true;
    }

    private ManagedResource<RecordingConfiguration, IvsRecordingPlan> Managed => new(
        aws.IvsRecordings,
        "IVS recording configuration",
        c => c.Arn,
        (c, delta) => $"IVS recording configuration {c.Arn} replaces the stream's previous one, with {delta.Describe()}; broadcasts from the channel's next start are recorded with it");

    private IvsRecordingPlan? PlanFor(LiveStream stream) =>
        stream.Spec.Archive is { Enabled: true } archive && (archive.Bucket ?? options.ArchiveBucket) is { } bucket
            ? new IvsRecordingPlan(bucket, options.IvsRecordingReconnectWindowSeconds)
            : null;

    /// <summary>Deletes the stream's configurations other than <paramref name="keep"/>; false while the channel still names one.</summary>
    private async Task<bool> DeleteLeftoversAsync(StreamPass pass, string? keep, CancellationToken cancellationToken)
    {
        var done = true;
        foreach (var leftover in (await aws.IvsRecordings.ListOwnedAsync(pass.Identity, cancellationToken)).Where(c => c.Arn != keep))
        {
            if (await aws.IvsRecordings.DeleteAsync(leftover.Arn, cancellationToken))
            {
                await pass.RecordAsync(EventType.Normal, "Deleted", "Delete", $"Deleted IVS recording configuration {leftover.Arn}, which the stream no longer records with", cancellationToken);
            }
            else
            {
                done = false;
            }
        }

        return done;
    }

    /// <summary>
    /// Names the newest session's recording in its archivePath once IVS has begun it (IVS chooses where); looked for
    /// while the session runs and for a while after it stopped, as the broadcast may end later than the session.
    /// </summary>
    private async Task<PartResult> LocateSessionAsync(StreamPass pass, string bucket, CancellationToken cancellationToken)
    {
        var status = pass.Draft.Status;
        if (status.Ivs?.ChannelArn is not { } channelArn || status.Sessions is not [.., var session] || session.ArchivePath is not null)
        {
            return PartResult.Done;
        }

        var lookUntil = session.StoppedAt?.AddSeconds(options.IvsRecordingReconnectWindowSeconds).Add(LookAfterStop);
        if (pass.Now > lookUntil)
        {
            return PartResult.Done;
        }

        var taken = status.Sessions.Select(s => s.ArchivePath).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (await locator.FindAsync(bucket, channelArn, session.StartedAt, session.StoppedAt ?? pass.Now, taken, cancellationToken) is not { } recording)
        {
            return PartResult.LookAgainWithin(options.PollInterval);
        }

        pass.Draft.Update(s => s with { Sessions = [.. s.Sessions.Select(x => x.Id == session.Id ? x with { ArchivePath = recording.ToString() } : x)] });
        await pass.RecordAsync(EventType.Normal, "Recorded", "Record", $"Session {session.Id} is recorded by IVS to {recording}", cancellationToken);
        return PartResult.Done;
    }
}
