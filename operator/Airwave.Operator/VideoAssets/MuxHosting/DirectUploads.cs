using Airwave.Api.Common;
using Airwave.Api.VideoAssets;
using Airwave.Kubernetes.Conditions;
using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Events;
using Airwave.Mux.Video;
using Airwave.Operator.Configuration;
using Airwave.Operator.Kubernetes;
using Airwave.Operator.Status;
using MuxUpload = Airwave.Mux.Video.DirectUpload;
using UploadSpec = Airwave.Api.VideoAssets.DirectUpload;

namespace Airwave.Operator.VideoAssets.MuxHosting;

/// <summary>
/// A VideoAsset's direct upload: a Mux upload whose URL status publishes, followed until the file arrives and makes an
/// asset; one that closed without a file (timed out, cancelled, failed, or whose asset was deleted) is said, and a new
/// one is made when the spec or the new-upload annotation changes.
/// </summary>
public sealed class DirectUploads(MuxAccount mux, EventRecorder events, OperatorOptions options)
{
    private async Task NewUploadAsync(VideoAsset owner, MuxUploadManager uploads, UploadSpec spec, VideoUpload? recorded, string? ended, string? request, StatusDraft<VideoAssetStatus> draft, CancellationToken cancellationToken)
    {
        // One made before whose answer was lost is used rather than doubled; it is seconds old, so its expiry is near enough.
        var created = await uploads.FindWaitingAsync(owner.Metadata.Uid!, recorded?.Id, cancellationToken)
            ?? await uploads.CreateAsync(spec, MuxAssetManager.SettingsFor(owner, mux.VideoQuality), cancellationToken);
        var expires = draft.Now.AddSeconds(created.Timeout);
        draft.Update(s => WithoutAsset(s) with
        {
            Phase = VideoAssetPhase.WaitingForUpload,
            Upload = new VideoUpload { Id = created.Id, State = created.Status, TimesOutAt = expires, Generation = owner.Metadata.Generation, Request = request },
            UploadUrl = created.Url,
            UploadUrlExpiresAt = expires,
            AssetId = null,
        });
        var note = recorded is null ? $"Created direct upload {created.Id}" : $"Created direct upload {created.Id} in place of {recorded.Id}, which {ended}";
        await RecordAsync(owner, EventType.Normal, "UploadCreated", "Upload", $"{note}; PUT the file to status.uploadUrl before {VideoAssetConditions.Timestamp(expires)}", cancellationToken);
        VideoAssetConditions.WaitingForUpload(draft, expires);
    }

    /// <summary>The upload's asset once the file arrived; until then, the status says where to upload or how to ask for a new URL.</summary>
    public async Task<(Asset? Asset, ReconcileResult Result)> ReconcileAsync(
        VideoAsset owner,
        MuxAssetManager assets,
        MuxUploadManager uploads,
        UploadSpec spec,
        bool assetWentMissing,
        StatusDraft<VideoAssetStatus> draft,
        CancellationToken cancellationToken)
    {
        var recorded = draft.Status.Upload;
        var upload = (await uploads.ReadOneAsync(recorded?.Id, cancellationToken)).Resource;
        if (upload is { Status: MuxUploadManager.States.AssetCreated, AssetId: { } assetId } && !assetWentMissing)
        {
            var made = await assets.ReadOneAsync(assetId, owner, cancellationToken);
            if (made.Resource is { } asset)
            {
                return (asset, ReconcileResult.Done);
            }

            assetWentMissing = true;
        }

        var ended = EndOf(upload, recorded, assetWentMissing);
        var request = VideoAssetConditions.NewUploadRequest(owner);
        if (recorded is null || (ended is not null && (recorded.Generation < owner.Metadata.Generation || recorded.Request != request)))
        {
            await NewUploadAsync(owner, uploads, spec, recorded, ended, request, draft, cancellationToken);
            return (null, ReconcileResult.After(mux.UploadPollInterval));
        }

        draft.Update(s => s with { Upload = s.Upload! with { State = upload?.Status ?? s.Upload.State } });
        if (ended is null)
        {
            draft.Update(s => s with { Phase = VideoAssetPhase.WaitingForUpload, UploadUrl = upload?.Url ?? s.UploadUrl });
            VideoAssetConditions.WaitingForUpload(draft, draft.Status.UploadUrlExpiresAt);
            return (null, ReconcileResult.After(mux.UploadPollInterval));
        }

        var (reason, phase) = ended switch
        {
            EndedTimedOut => ("UploadTimedOut", VideoAssetPhase.WaitingForUpload),
            EndedCancelled => ("UploadCancelled", VideoAssetPhase.WaitingForUpload),
            EndedAssetDeleted => ("AssetDeleted", VideoAssetPhase.Errored),
            _ => ("UploadFailed", VideoAssetPhase.Errored),
        };
        var message = $"The upload {ended}. {VideoAssetConditions.NewUploadHint(owner)}";
        var before = ConditionList.Find(owner.Status?.Conditions, VideoAssetConditions.Uploaded);
        draft.Update(s => s with { Phase = phase, UploadUrl = null, UploadUrlExpiresAt = null });
        draft.Condition(VideoAssetConditions.Uploaded, false, reason, message);
        draft.Condition(ConditionTypes.Ready, false, reason, message);
        if (before?.Reason != reason)
        {
            await RecordAsync(owner, EventType.Warning, reason, "Upload", message, cancellationToken);
        }

        // Nothing changes until the user asks; the watch brings the annotation or spec change.
        return (null, ReconcileResult.After(options.ResyncInterval));
    }

    private const string EndedTimedOut = "timed out without a file";
    private const string EndedCancelled = "was cancelled";
    private const string EndedAssetDeleted = "made an asset that was deleted outside Airwave";

    /// <summary>How an upload ended without a usable asset (the words finish "The upload ..."), or null while it waits.</summary>
    private static string? EndOf(MuxUpload? upload, VideoUpload? recorded, bool assetWentMissing) => upload?.Status switch
    {
        _ when assetWentMissing => EndedAssetDeleted,
        null when recorded is not null => "is gone from Mux",
        MuxUploadManager.States.TimedOut => EndedTimedOut,
        MuxUploadManager.States.Cancelled => EndedCancelled,
        MuxUploadManager.States.Errored => $"failed: {upload.Error?.Message ?? "Mux gave no reason"}",
        _ => null,
    };

    /// <summary>The status with nothing left of the asset it described: how it played, and what it was.</summary>
    public static VideoAssetStatus WithoutAsset(VideoAssetStatus status) =>
        status with { PlaybackId = null, PlaybackUrl = null, ThumbnailUrl = null, Metadata = null };

    private Task RecordAsync(VideoAsset asset, string type, string reason, string action, string note, CancellationToken cancellationToken) =>
        events.RecordAsync(AirwaveResources.VideoAssets, asset, type, reason, action, note, cancellationToken);
}
