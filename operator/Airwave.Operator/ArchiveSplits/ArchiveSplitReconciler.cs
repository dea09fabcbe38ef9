using System.Globalization;
using Airwave.Api.ArchiveSplits;
using Airwave.Api.Common;
using Airwave.Api.Validation;
using Airwave.Aws.S3;
using Airwave.Events;
using Airwave.Kubernetes.Batch;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Conditions;
using Airwave.Kubernetes.Controllers;
using Airwave.Operator.ArchiveSplits.Recording;
using Airwave.Operator.Configuration;
using Airwave.Operator.Kubernetes;
using Airwave.Operator.Reconciliation;
using Airwave.Operator.Status;
using Amazon.S3;
using Amazon.S3.Model;
using k8s.Models;
using Microsoft.Extensions.Logging;
using EventType = Airwave.Kubernetes.Events.EventType;

namespace Airwave.Operator.ArchiveSplits;

/// <summary>
/// Cuts an ArchiveSplit's sections from its stream's recorded session: checks the request against the stream and
/// the recording before anything is made, then per section writes a playlist over the archive files it spans and
/// starts a Job (<see cref="ClipJobs"/>) that leaves index_{modifier}_{n}.mp4 beside it; follows the Jobs and reports
/// each clip's duration and size from S3. A finished section is never cut again; a changed one gets a new Job.
/// Deletion is <see cref="ArchiveSplitTeardown"/>'s job.
/// </summary>
public sealed class ArchiveSplitReconciler(
    ReconcilerBasics basics,
    SplitSessions sessions,
    IAmazonS3 s3,
    RecordingReader recordings,
    ClipInspector inspector,
    ClipJobs jobs,
    ClipAssets assets,
    ArchiveSplitTeardown teardown,
    IEventPublisher publisher,
    OperatorOptions options,
    ILogger<ArchiveSplitReconciler> logger) : ResourceReconciler<ArchiveSplit, ArchiveSplitSpec, ArchiveSplitStatus>(basics, logger)
{
    protected override ResourceType Type => AirwaveResources.ArchiveSplits;

    protected override string Finalizer => "media.airwave.dev/clips";

    protected override Task<ReconcileResult> ReconcileStepsAsync(ArchiveSplit split, StatusDraft<ArchiveSplitStatus> draft, CancellationToken cancellationToken)
    {
        var modifier = split.Spec.NameModifier ?? GeneratedModifier(split);
        draft.Update(s => s with { NameModifier = modifier });
        return ReconcileSectionsAsync(split, modifier, draft, cancellationToken);
    }

    protected override async Task<TimeSpan?> TeardownAsync(ArchiveSplit split, CancellationToken cancellationToken)
    {
        await teardown.RunAsync(split, cancellationToken);
        return null;
    }

    protected override string? PhaseOf(ArchiveSplitStatus? status) => status?.Phase?.ToString();

    /// <summary>A modifier of the split's own when the spec names none: stable, since it comes from the uid.</summary>
    public static string GeneratedModifier(ArchiveSplit split)
    {
        ArgumentNullException.ThrowIfNull(split);
        return split.Metadata.Uid!.Replace("-", "", StringComparison.Ordinal)[..8];
    }

    private async Task<ReconcileResult> ReconcileSectionsAsync(ArchiveSplit split, string modifier, StatusDraft<ArchiveSplitStatus> draft, CancellationToken cancellationToken)
    {
        var spec = split.Spec;
        if (ArchiveSplitRules.Validate(spec) is [var invalid, ..])
        {
            return Block(split, draft, FieldError.ConditionReason, invalid.ToString());
        }

        var bucket = spec.Output.Bucket ?? options.ClipBucket;
        if (bucket is null)
        {
            return Block(split, draft, "NoClipBucket", "spec.output.bucket is not set and this installation has no clip bucket (Operator:Clips:Bucket or Operator:ArchiveBucket); name a bucket.");
        }

        if (options.Buckets.CheckClips(spec.Output) is { } forbidden)
        {
            return Block(split, draft, "BucketNotAllowed", forbidden.ToString());
        }

        var found = await sessions.FindAsync(split, draft.Status.ArchivePath, cancellationToken);
        if (found.ArchivePath is { } archivePath)
        {
            draft.Update(s => s with { ArchivePath = archivePath });
        }

        if (found.Hold is { } hold)
        {
            return hold.RetryAfter is { } retry ? Wait(split, draft, hold.Reason, hold.Message, retry) : Block(split, draft, hold.Reason, hold.Message);
        }

        var archive = found.Archive!;

        if (await CutAsync(split, archive, bucket, modifier, draft, cancellationToken) is not { } sections)
        {
            return ReconcileResult.Done;
        }

        if (spec.CreateAssets)
        {
            foreach (var (index, section) in sections.Where(s => s.Value.Phase == SplitPhase.Succeeded).ToList())
            {
                sections[index] = section with { Asset = await assets.EnsureAsync(split, index, cancellationToken) };
            }
        }

        draft.Update(s => s with { Sections = [.. sections.Values] });
        return Settle(draft);
    }

    /// <summary>
    /// The sections' Jobs as the spec has them: those of sections that changed or went away stopped, missing ones
    /// started, the rest followed. Null when the request cannot be cut (the split is blocked, nothing was made).
    /// </summary>
    private async Task<SortedDictionary<int, SectionStatus>?> CutAsync(ArchiveSplit split, S3Path archive, string bucket, string modifier, StatusDraft<ArchiveSplitStatus> draft, CancellationToken cancellationToken)
    {
        var spec = split.Spec;
        var names = Enumerable.Range(0, spec.Sections.Count).Select(i => ClipJobs.NameFor(split, i, draft.Status.ArchivePath!, bucket, modifier)).ToList();
        var existing = (await jobs.ListAsync(split, cancellationToken)).ToDictionary(j => j.Metadata.Name!, StringComparer.Ordinal);
        foreach (var stale in existing.Keys.Except(names).ToList())
        {
            // A section that changed or went away: its Job stops, its clip stays.
            await jobs.DeleteAsync(split, stale, cancellationToken);
            existing.Remove(stale);
        }

        var before = (draft.Status.Sections ?? []).ToDictionary(s => s.Index);
        var toStart = Enumerable.Range(0, spec.Sections.Count)
            .Where(i => !existing.ContainsKey(names[i]) && !(before.GetValueOrDefault(i) is { Phase: SplitPhase.Succeeded } done && done.Job == names[i]))
            .ToList();

        var sections = new SortedDictionary<int, SectionStatus>();
        if (toStart.Count > 0)
        {
            var started = await StartAsync(split, archive, bucket, modifier, names, toStart, draft, cancellationToken);
            if (started is null)
            {
                return null;
            }

            foreach (var section in started)
            {
                sections[section.Index] = section;
            }
        }

        for (var i = 0; i < spec.Sections.Count; i++)
        {
            if (sections.ContainsKey(i))
            {
                continue;
            }

            var previous = before.GetValueOrDefault(i) is { } known && known.Job == names[i] ? known : null;
            sections[i] = previous is { Phase: SplitPhase.Succeeded or SplitPhase.Failed }
                ? previous
                : await FollowAsync(split, existing[names[i]], i, previous, archive, bucket, modifier, cancellationToken);
        }

        return sections;
    }

    /// <summary>Reads the recording, checks every section to start against it, then writes their playlists and starts their Jobs.</summary>
    /// <returns>The started sections, or null when the request cannot be cut (the split is blocked, nothing was made).</returns>
    private async Task<List<SectionStatus>?> StartAsync(ArchiveSplit split, S3Path archive, string bucket, string modifier, List<string> names, List<int> toStart, StatusDraft<ArchiveSplitStatus> draft, CancellationToken cancellationToken)
    {
        var recording = await recordings.ReadAsync(archive, cancellationToken);
        draft.Update(s => s with { RecordingSeconds = Math.Round(recording.Length, 3) });
        if (recording.Segments.Count == 0)
        {
            Block(split, draft, "RecordingNotFound", $"No recording files were found in {archive}/.");
            return null;
        }

        var cuts = new List<SectionCut>();
        foreach (var i in toStart)
        {
            var section = split.Spec.Sections[i];
            if (SectionCut.Plan(recording, section, i) is not { } cut)
            {
                Block(split, draft, "SectionPastEnd", $"spec.sections[{i}] starts at {section.Start} s, at or after the end of the recording ({recording.Length:0.###} s).");
                return null;
            }

            cuts.Add(cut);
        }

        var started = new List<SectionStatus>();
        foreach (var cut in cuts)
        {
            var (playlist, clip) = Outputs(archive, bucket, modifier, cut.Number);
            var text = SectionPlaylist.Write(cut.Segments, segment => SegmentUri(archive.Bucket, bucket, playlist, segment));
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = playlist.Bucket, Key = playlist.Key, ContentBody = text, ContentType = "application/vnd.apple.mpegurl" }, cancellationToken);
            await jobs.StartAsync(split, names[cut.Index], cut, archive.Bucket, clip, cancellationToken);

            var requested = split.Spec.Sections[cut.Index];
            if (cut.End < requested.End)
            {
                await RecordAsync(split, EventType.Warning, "SectionClamped", "Cut", $"spec.sections[{cut.Index}] ends at {requested.End} s, past the end of the recording; it is cut up to the end, {cut.End:0.###} s.", cancellationToken);
            }

            await RecordAsync(split, EventType.Normal, "SectionStarted", "Cut", $"Job {names[cut.Index]} cuts {cut.Start:0.###}–{cut.End:0.###} s into {clip}", cancellationToken);
            started.Add(new SectionStatus
            {
                Index = cut.Index,
                Phase = SplitPhase.Running,
                Start = cut.Start,
                End = Math.Round(cut.End, 3),
                Playlist = playlist.ToString(),
                Output = clip.ToString(),
                Job = names[cut.Index],
            });
        }

        return started;
    }

    /// <summary>A section whose Job exists: still running, or finished, which is when the clip is looked at in S3.</summary>
    private async Task<SectionStatus> FollowAsync(ArchiveSplit split, V1Job job, int index, SectionStatus? previous, S3Path archive, string bucket, string modifier, CancellationToken cancellationToken)
    {
        var (playlist, clip) = Outputs(archive, bucket, modifier, index + 1);
        var (start, end) = ClipJobs.CutOf(job);
        var section = (previous ?? new SectionStatus { Index = index, Phase = SplitPhase.Running }) with
        {
            Start = start,
            End = end,
            Playlist = playlist.ToString(),
            Output = clip.ToString(),
            Job = job.Metadata.Name,
        };

        switch (job.Finished)
        {
            case { Type: JobCompletion.Complete }:
                await jobs.ForgetInputsAsync(split, job.Metadata.Name!, cancellationToken);
                if (await inspector.InspectAsync(clip, cancellationToken) is not { } facts)
                {
                    return await SectionFailedAsync(split, section, $"Job {job.Metadata.Name} completed, but {clip} is not in S3.", cancellationToken);
                }

                section = section with { Phase = SplitPhase.Succeeded, Size = facts.Size, Duration = facts.Duration is { } d ? Math.Round(d, 3) : null, Message = null };
                await RecordAsync(split, EventType.Normal, "SectionSucceeded", "Cut", $"Section {index} is {clip} ({section.Duration:0.###} s, {facts.Size} bytes)", cancellationToken);
                await publisher.PublishAsync(ArchiveSplitEvents.Create(split, new ArchiveSplitStatus { NameModifier = modifier, Phase = SplitPhase.Running }, [section], EventTypes.SplitSectionSucceeded, job.Metadata.Name!, Time.GetUtcNow()), cancellationToken);
                return section;

            case { Type: JobCompletion.Failed } failed:
                await jobs.ForgetInputsAsync(split, job.Metadata.Name!, cancellationToken);
                return await SectionFailedAsync(split, section, $"Job {job.Metadata.Name} failed ({failed.Reason}: {failed.Message}); `kubectl logs job/{job.Metadata.Name} -c cut` shows ffmpeg's output. Delete the Job to cut the section again.", cancellationToken);

            default:
                // The recording is read again only when the Job's URLs must be signed again.
                await jobs.RenewAsync(split, job, async token => SectionCut.Plan(await recordings.ReadAsync(archive, token), split.Spec.Sections[index], index), archive.Bucket, clip, cancellationToken);
                return section with { Phase = SplitPhase.Running };
        }
    }

    private async Task<SectionStatus> SectionFailedAsync(ArchiveSplit split, SectionStatus section, string message, CancellationToken cancellationToken)
    {
        await RecordAsync(split, EventType.Warning, "SectionFailed", "Cut", $"Section {section.Index}: {message}", cancellationToken);
        return section with { Phase = SplitPhase.Failed, Message = message };
    }

    /// <summary>The split's phase from its sections: running while any runs, then failed if any failed.</summary>
    private ReconcileResult Settle(StatusDraft<ArchiveSplitStatus> draft)
    {
        var sections = draft.Status.Sections;
        var done = sections.Count(s => s.Phase == SplitPhase.Succeeded);
        if (sections.Any(s => s.Phase is SplitPhase.Running or SplitPhase.Pending))
        {
            draft.Update(s => s with { Phase = SplitPhase.Running });
            draft.Condition(ConditionTypes.Ready, false, "Cutting", $"{done} of {sections.Count} sections cut.");
            return ReconcileResult.After(options.PollInterval);
        }

        if (sections.FirstOrDefault(s => s.Phase == SplitPhase.Failed) is { } failed)
        {
            draft.Update(s => s with { Phase = SplitPhase.Failed });
            draft.Condition(ConditionTypes.Ready, false, "SectionFailed", $"Section {failed.Index} failed: {failed.Message}");
            return ReconcileResult.Done;
        }

        draft.Update(s => s with { Phase = SplitPhase.Succeeded });
        var folder = S3Path.Parse(sections[0].Output)!;
        draft.Condition(ConditionTypes.Ready, true, "Succeeded", $"All {sections.Count} sections are cut, into s3://{folder.Bucket}/{folder.Folder}.");
        return ReconcileResult.Done;
    }

    /// <summary>The playlist and clip of section n: in the output bucket, at the archive's path, as the old API put them.</summary>
    private static (S3Path Playlist, S3Path Clip) Outputs(S3Path archive, string bucket, string modifier, int number)
    {
        var stem = $"{archive.AsFolder}index_{modifier}_{number}";
        return (new S3Path(bucket, stem + ".m3u8"), new S3Path(bucket, stem + ".mp4"));
    }

    /// <summary>
    /// A segment as the stored playlist names it: by file name beside it when the clips share the archive's bucket
    /// (they share its folder), otherwise by its object URL.
    /// </summary>
    private string SegmentUri(string archiveBucket, string bucket, S3Path playlist, RecordedSegment segment)
    {
        static string Escaped(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
        if (archiveBucket == bucket && segment.Key.StartsWith(playlist.Folder, StringComparison.Ordinal))
        {
            return Escaped(segment.Key[playlist.Folder.Length..]);
        }

        var key = Escaped(segment.Key);
        return s3.Config.ServiceURL is { } service
            ? $"{service.TrimEnd('/')}/{archiveBucket}/{key}"
            : $"https://{archiveBucket}.s3.{s3.Config.RegionEndpoint?.SystemName ?? "us-east-1"}.amazonaws.com/{key}";
    }

    /// <summary>A request that cannot be cut as it stands: Failed, saying why, until the spec changes.</summary>
    private ReconcileResult Block(ArchiveSplit split, StatusDraft<ArchiveSplitStatus> draft, string reason, string message)
    {
        var before = ConditionList.Find(split.Status?.Conditions, ConditionTypes.Ready);
        draft.Update(s => s with { Phase = SplitPhase.Failed });
        draft.Condition(ConditionTypes.Ready, false, reason, message);
        if (before?.Reason != reason)
        {
            draft.AfterWrite(async token => await RecordAsync(split, EventType.Warning, reason, "Validate", message, token));
        }

        return ReconcileResult.Done;
    }

    /// <summary>Something to wait for (the stream, the end of the session): Pending, saying what, looked at again after <paramref name="retry"/>.</summary>
    private ReconcileResult Wait(ArchiveSplit split, StatusDraft<ArchiveSplitStatus> draft, string reason, string message, TimeSpan retry)
    {
        var before = ConditionList.Find(split.Status?.Conditions, ConditionTypes.Ready);
        draft.Update(s => s with { Phase = SplitPhase.Pending });
        draft.Condition(ConditionTypes.Ready, false, reason, message);
        if (before?.Reason != reason)
        {
            draft.AfterWrite(async token => await RecordAsync(split, EventType.Normal, reason, "Wait", message, token));
        }

        return ReconcileResult.After(retry);
    }

    protected override async Task PhaseChangedAsync(ArchiveSplit split, ArchiveSplitStatus status, CancellationToken cancellationToken)
    {
        var occurrence = split.Metadata.Generation?.ToString(CultureInfo.InvariantCulture) ?? "";
        switch (status.Phase)
        {
            case SplitPhase.Succeeded:
                await RecordAsync(split, EventType.Normal, "Succeeded", "Cut", ConditionList.Find(status.Conditions, ConditionTypes.Ready)?.Message ?? "Succeeded", cancellationToken);
                await publisher.PublishAsync(ArchiveSplitEvents.Create(split, status, status.Sections, EventTypes.SplitSucceeded, occurrence, Time.GetUtcNow()), cancellationToken);
                break;
            case SplitPhase.Failed:
                await publisher.PublishAsync(ArchiveSplitEvents.Create(split, status, status.Sections, EventTypes.SplitFailed, occurrence, Time.GetUtcNow()), cancellationToken);
                break;
        }
    }
}
