using System.Text.Json;
using Airwave.Api.Common;
using Airwave.Api.VideoAssets;
using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Events;
using Airwave.Media.Transcoding;
using Airwave.Operator.Configuration;
using Airwave.Operator.Kubernetes;
using Airwave.Operator.Reconciliation;
using Airwave.Operator.Status;
using k8s.Models;

namespace Airwave.Operator.VideoAssets.AwsHosting;

/// <summary>
/// Hosts VideoAssets on AWS: a transcode Job per source (a URL, a clip, or a file uploaded to the bucket through
/// <see cref="BucketUploads"/>) makes an HLS ladder in the installation's bucket, which its CloudFront distribution serves. The Job's report, stored last, is the truth of its outcome; while it runs, its
/// progress file says how far it is. A failed source leaves nothing in the bucket but its report, and a changed source's
/// Job and files replace the old ones once it settles.
/// </summary>
public sealed class AwsVideoHost(
    BucketUploads uploads,
    TranscodeJobs jobs,
    VideoOutputs outputs,
    ArchiveClipSource clips,
    EventRecorder events,
    OperatorOptions options) : IVideoHost
{
    private AwsVideoOptions Videos => options.VideoAssets.Aws;

    public VideoProvider Provider => VideoProvider.Aws;

    public (string Reason, string Message)? CannotHost(VideoAsset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        if (Videos.Bucket is null)
        {
            return ("AwsVideosNotConfigured", "Provider Aws has no bucket for videos: ask the operator's administrators to set Helm values config.videoAssets.aws.bucket and config.videoAssets.aws.playbackBaseUrl.");
        }

        // Its files live under the key prefix of the policy they were stored for, which the distribution guards (or not) as a whole.
        return asset.Status?.PlaybackPolicy is { } stored && stored != asset.Spec.PlaybackPolicy
            ? ("PlaybackPolicyImmutable", $"spec.playbackPolicy is {asset.Spec.PlaybackPolicy}, but the video's files are stored for {stored} playback: on provider Aws a VideoAsset's playback policy cannot change. Set it back, or make a new VideoAsset with the policy you want.")
            : null;
    }

    public Rejection? Rejects(Exception error) => null;

    public async Task<ReconcileResult> ReconcileAsync(VideoAsset asset, StatusDraft<VideoAssetStatus> draft, CancellationToken cancellationToken)
    {
        // Recorded before anything is stored: it says under which key prefix the files are, for as long as they are.
        draft.Update(s => s with { PlaybackPolicy = VideoOutputs.StoredPolicy(asset) });
        var (source, wait) = await SourceAsync(asset, draft, cancellationToken);
        if (source is null)
        {
            return wait;
        }

        var (assetId, recorded) = (source.AssetId, source.Recorded);
        var status = draft.Status;
        if (status.AssetId == assetId && status.Phase is VideoAssetPhase.Ready or VideoAssetPhase.Errored)
        {
            // Settled for this source, its Job and the files of other sources gone before the status said so. A video
            // made ready before its files were measured is measured once now.
            if (status is { Phase: VideoAssetPhase.Ready, StoredBytes: null })
            {
                var stored = await outputs.StoredBytesAsync(asset, assetId, cancellationToken);
                draft.Update(s => s with { StoredBytes = stored });
            }

            return ReconcileResult.After(options.ResyncInterval);
        }

        var name = TranscodeJobs.NameFor(asset, assetId);
        var (report, job) = await OutcomeAsync(asset, assetId, name, cancellationToken);
        if (report is not null)
        {
            return await SettleAsync(asset, assetId, recorded, report, draft, cancellationToken);
        }

        if (job is null)
        {
            return await StartAsync(asset, source, name, draft, cancellationToken);
        }

        await jobs.RenewAsync(asset, job, assetId, source.Fetch, cancellationToken);
        var progress = await outputs.ReadProgressAsync(asset, assetId, cancellationToken);
        draft.Update(s => s with { Phase = VideoAssetPhase.Preparing, AssetId = assetId, SourceUrl = recorded, Progress = progress?.Percent ?? s.Progress ?? 0 });
        var stage = progress is null ? "is starting" : $"is {progress.Stage.ToString().ToLowerInvariant()} ({progress.Percent:0.#}%)";
        draft.Condition(ConditionTypes.Ready, false, "Transcoding", $"Transcode Job {name} {stage}.");
        return ReconcileResult.After(NextLook(job, progress, draft.Now));
    }

    /// <summary>The source the spec names, once there is one to transcode; else what the status says while there is not.</summary>
    private async Task<(TranscodeSource? Source, ReconcileResult Wait)> SourceAsync(VideoAsset asset, StatusDraft<VideoAssetStatus> draft, CancellationToken cancellationToken)
    {
        var source = asset.Spec.Source;
        if (source.DirectUpload is { } upload)
        {
            return await uploads.ReconcileAsync(asset, upload, draft, cancellationToken);
        }

        if (source.ArchiveSplitRef is { } reference)
        {
            var clip = await clips.ResolveAsync(asset, reference, cancellationToken);
            return clip.FetchUrl is null
                ? (null, await clips.WaitAsync(asset, clip, draft, cancellationToken))
                : (new TranscodeSource(AssetIdFor(asset, clip.Clip!), clip.Clip!, clip.FetchUrl), ReconcileResult.Done);
        }

        return (new TranscodeSource(AssetIdFor(asset, source.Url!), source.Url!, source.Url!), ReconcileResult.Done);
    }

    /// <summary>A fetched source's folder: a new value of the retry annotation makes it a new source, transcoded again.</summary>
    private static string AssetIdFor(VideoAsset asset, string fetched) =>
        asset.Metadata.Annotations?.GetValueOrDefault(VideoAssetConditions.RetryAnnotation) is { } retry
            ? TranscodeJobs.AssetIdFor(asset, $"{fetched}\nretry {retry}")
            : TranscodeJobs.AssetIdFor(asset, fetched);

    /// <summary>
    /// How a source's transcode ended, if it has: the report its Job stored (one that cannot be read, or a Job that
    /// failed without storing one, is a failure of its own); else the Job while it runs, or null when there is none.
    /// </summary>
    private async Task<(TranscodeReport? Report, V1Job? Job)> OutcomeAsync(VideoAsset asset, string assetId, string name, CancellationToken cancellationToken)
    {
        try
        {
            if (await outputs.ReadReportAsync(asset, assetId, cancellationToken) is { } report)
            {
                return (report, null);
            }
        }
        catch (JsonException e)
        {
            return (Failure($"The transcode Job's report could not be read: {e.Message}"), null);
        }

        // Found among the asset's Jobs by name: listing by its uid is what the operator may do.
        var job = (await jobs.ListAsync(asset, cancellationToken)).FirstOrDefault(j => j.Metadata.Name == name);
        return job is not null && Failed(job) is { } failure
            ? (Failure($"Transcode Job {name} failed without a report: {failure}"), null)
            : (null, job);

        static TranscodeReport Failure(string message) => new() { Failure = new TranscodeFailure(TranscodeFailureReason.TranscodeFailed, message) };
    }

    /// <summary>A new source: its Job, in place of any of an earlier source, which would only store files about to be deleted.</summary>
    private async Task<ReconcileResult> StartAsync(VideoAsset asset, TranscodeSource source, string name, StatusDraft<VideoAssetStatus> draft, CancellationToken cancellationToken)
    {
        var replacing = draft.Status.AssetId is not null;
        await DeleteJobsAsync(asset, except: name, cancellationToken);
        await jobs.StartAsync(asset, name, source.AssetId, source.Fetch, cancellationToken);
        var started = replacing ? $"The source changed: transcode Job {name} started for {source.Recorded}" : $"Transcode Job {name} started for {source.Recorded}";
        draft.Update(s => WithoutSource(s) with { Phase = VideoAssetPhase.Preparing, AssetId = source.AssetId, SourceUrl = source.Recorded, Progress = 0 });
        draft.Condition(ConditionTypes.Ready, false, "Transcoding", $"Transcode Job {name} is starting.");
        draft.AfterWrite(async token => await RecordAsync(asset, EventType.Normal, "TranscodeStarted", "Create", started, token));
        return ReconcileResult.After(options.PollInterval);
    }

    /// <summary>
    /// When to look at a running Job again: the poll interval, or sooner when its progress says it ends sooner (the
    /// time it took so far for the share done), so that a finished video is Ready soon after its report.
    /// </summary>
    private TimeSpan NextLook(V1Job job, TranscodeProgress? progress, DateTimeOffset now)
    {
        var soonest = TimeSpan.FromSeconds(1);
        if (progress is { Stage: TranscodeStage.Uploading })
        {
            return soonest < options.PollInterval ? soonest : options.PollInterval;
        }

        if (progress is not { Stage: TranscodeStage.Transcoding, Percent: > 0 and var done } || job.Status?.StartTime is not { } started)
        {
            return options.PollInterval;
        }

        var remaining = (now - new DateTimeOffset(started.ToUniversalTime(), TimeSpan.Zero)) * ((100 - done) / done);
        return remaining < soonest ? soonest : remaining < options.PollInterval ? remaining : options.PollInterval;
    }

    /// <summary>
    /// The Job's outcome into status, once its Job is gone and so are the files of other sources (on failure, all but
    /// its report): a status write that is lost finds the report again and settles the same way.
    /// </summary>
    private async Task<ReconcileResult> SettleAsync(VideoAsset asset, string assetId, string recorded, TranscodeReport report, StatusDraft<VideoAssetStatus> draft, CancellationToken cancellationToken)
    {
        await DeleteJobsAsync(asset, except: null, cancellationToken);
        if (await jobs.AnyRunningPodsAsync(asset, cancellationToken))
        {
            draft.Condition(ConditionTypes.Ready, false, "Transcoding", "The transcode Job is done; waiting for its pod to end before the files are tidied.");
            return ReconcileResult.After(options.PollInterval);
        }

        await outputs.AbortUploadsAsync(asset, VideoBucketLayout.AssetFolder(asset), cancellationToken);
        var reportKey = $"{assetId}/{VideoOutputs.ReportPath}";
        Func<string, bool> keep = report.Succeeded ? key => key.StartsWith(assetId + "/", StringComparison.Ordinal) : key => key == reportKey;
        var deleted = await outputs.DeleteAsync(asset, VideoBucketLayout.AssetFolder(asset), keep, cancellationToken);
        if (deleted > 0)
        {
            var what = report.Succeeded ? "of earlier sources" : $"the failed transcode left under {outputs.S3Url(asset, assetId)}";
            draft.AfterWrite(async token => await RecordAsync(asset, EventType.Normal, "FilesDeleted", "Delete", $"Deleted {deleted} files {what}", token));
        }

        if (report is { Failure: { } failure })
        {
            draft.Update(s => WithoutSource(s) with
            {
                Phase = VideoAssetPhase.Errored,
                AssetId = assetId,
                SourceUrl = recorded,
                Metadata = report.Source is { } facts ? VideoFacts.Of(facts, []) : null,
            });
            draft.Condition(ConditionTypes.Ready, false, failure.Reason.ToString(), failure.Message);
            return ReconcileResult.After(options.ResyncInterval);
        }

        var url = outputs.PlaybackUrl(asset, assetId, report.Master ?? TranscodeOutputs.Master).ToString();
        var storedBytes = await outputs.StoredBytesAsync(asset, assetId, cancellationToken);
        draft.Update(s => s with
        {
            StoredBytes = storedBytes,
            Phase = VideoAssetPhase.Ready,
            AssetId = assetId,
            SourceUrl = recorded,
            Progress = null,
            PlaybackUrl = url,
            ThumbnailUrl = report.Thumbnails is { Count: > 0 } ? outputs.PlaybackUrl(asset, assetId, TranscodeOutputs.Thumbnail(0)).ToString() : null,
            Metadata = VideoFacts.Of(report.Source!, report.Renditions),
        });
        var signed = VideoOutputs.StoredPolicy(asset) == PlaybackPolicy.Signed ? ", signed with a key of the key group the distribution trusts for it" : "";
        draft.Condition(ConditionTypes.Ready, true, "Ready", $"Plays at {url}{signed} ({string.Join(", ", report.Renditions.Select(r => r.Name))}).");
        return ReconcileResult.After(options.ResyncInterval);
    }

    private async Task DeleteJobsAsync(VideoAsset asset, string? except, CancellationToken cancellationToken)
    {
        foreach (var job in await jobs.ListAsync(asset, cancellationToken))
        {
            if (job.Metadata.Name != except)
            {
                await jobs.DeleteAsync(asset, job.Metadata.Name, cancellationToken);
            }
        }
    }

    public async Task<TimeSpan?> TeardownAsync(VideoAsset asset, CancellationToken cancellationToken)
    {
        if (Videos.Bucket is null)
        {
            // The finalizer stays: releasing it would orphan files nobody could find again.
            await RecordAsync(asset, EventType.Warning, "AwsVideosNotConfigured", "The video's files cannot be deleted: provider Aws has no bucket configured (config.videoAssets.aws.bucket); deletion waits for one.", cancellationToken);
            return options.ResyncInterval;
        }

        await DeleteJobsAsync(asset, except: null, cancellationToken);
        if (await jobs.AnyRunningPodsAsync(asset, cancellationToken))
        {
            // A Job's pod may still store files: they go once it has.
            return options.PollInterval;
        }

        var folder = VideoBucketLayout.AssetFolder(asset);
        await outputs.AbortUploadsAsync(asset, folder, cancellationToken);
        if (asset.Spec.DeletionPolicy == DeletionPolicy.Retain)
        {
            await RecordAsync(asset, EventType.Normal, "Retained", $"The video's files are kept under {outputs.S3Url(asset, folder.TrimEnd('/'))} (spec.deletionPolicy Retain)", cancellationToken);
            return null;
        }

        var deleted = await outputs.DeleteAsync(asset, folder, keep: _ => false, cancellationToken);
        await RecordAsync(asset, EventType.Normal, "Deleted", $"Deleted the video's {deleted} files under {outputs.S3Url(asset, folder.TrimEnd('/'))}", cancellationToken);
        return null;
    }

    /// <summary>Why a Job failed, from its Failed condition, or null while it has not.</summary>
    private static string? Failed(V1Job job) =>
        job.Status?.Conditions?.FirstOrDefault(c => c.Type == "Failed" && c.Status == "True") is { } failed
            ? $"{failed.Reason}: {failed.Message}"
            : null;

    /// <summary>The status with nothing left of a source it no longer describes.</summary>
    public static VideoAssetStatus WithoutSource(VideoAssetStatus status) =>
        status with { PlaybackUrl = null, ThumbnailUrl = null, Metadata = null, Progress = null, StoredBytes = null };

    private Task RecordAsync(VideoAsset asset, string type, string reason, string note, CancellationToken cancellationToken) =>
        RecordAsync(asset, type, reason, "Delete", note, cancellationToken);

    private Task RecordAsync(VideoAsset asset, string type, string reason, string action, string note, CancellationToken cancellationToken) =>
        events.RecordAsync(AirwaveResources.VideoAssets, asset, type, reason, action, note, cancellationToken);
}
