using System.Security.Cryptography;
using System.Text;
using Airwave.Api.Common;
using Airwave.Api.VideoAssets;
using Airwave.Aws.S3;
using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Events;
using Airwave.Operator.Configuration;
using Airwave.Operator.Kubernetes;
using Airwave.Operator.Status;
using Amazon.S3;
using EventType = Airwave.Kubernetes.Events.EventType;
using UploadSpec = Airwave.Api.VideoAssets.DirectUpload;

namespace Airwave.Operator.VideoAssets.AwsHosting;

/// <summary>
/// A VideoAsset's direct upload on AWS: a presigned PUT of the source's own key in the bucket, published in status
/// with its expiry, and the bucket's CORS rule letting a browser at the asset's origin use it. A URL lasts no longer
/// than the operator's credentials, so with temporary ones (IRSA: an hour) it is signed again once they were
/// refreshed, until the upload times out. The file is found by looking for it; once there it is the source to
/// transcode. An upload that expired without a file, or whose file was
/// no video, is replaced when the spec or the new-upload annotation changes; a file that arrives late is still taken.
/// </summary>
public sealed class BucketUploads(S3Presigner presigner, VideoOutputs outputs, UploadCors cors, EventRecorder events, OperatorOptions options)
{
    /// <summary>status.upload.state, in the words the API lists for every provider.</summary>
    public static class States
    {
        public const string Waiting = "waiting";
        public const string Received = "asset_created";
        public const string TimedOut = "timed_out";
    }

    private AwsVideoOptions Videos => options.VideoAssets.Aws;

    /// <summary>The source's folder of an upload: its id stands for the file, which is not there yet.</summary>
    public static string AssetIdFor(VideoAsset asset, string uploadId) => TranscodeJobs.AssetIdFor(asset, "upload " + uploadId);

    /// <summary>The uploaded file once it arrived; until then, what the status says and when to look again.</summary>
    public async Task<(TranscodeSource? Source, ReconcileResult Wait)> ReconcileAsync(VideoAsset asset, UploadSpec spec, StatusDraft<VideoAssetStatus> draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(draft);
        var recorded = draft.Status.Upload;
        var request = VideoAssetConditions.NewUploadRequest(asset);
        if (recorded is null || (Closed(recorded, draft.Status) && (recorded.Generation < asset.Metadata.Generation || recorded.Request != request)))
        {
            return (null, await NewUploadAsync(asset, spec, recorded, request, draft, cancellationToken));
        }

        var assetId = AssetIdFor(asset, recorded.Id);
        if (recorded.State != States.Received)
        {
            if (!await outputs.ExistsAsync(asset, assetId, VideoBucketLayout.SourceFile, cancellationToken))
            {
                return (null, await NotYetAsync(asset, assetId, recorded, draft, cancellationToken));
            }

            draft.Update(s => s with { Upload = recorded with { State = States.Received }, UploadUrl = null, UploadUrlExpiresAt = null });
            draft.Condition(VideoAssetConditions.Uploaded, true, "Received", $"The file arrived: {outputs.S3Url(asset, assetId, VideoBucketLayout.SourceFile)}.");
        }

        var fetch = await presigner.PresignAsync(Videos.Bucket!, outputs.KeyOf(asset, assetId, VideoBucketLayout.SourceFile), HttpVerb.GET, draft.Now + ArchiveClipSource.FetchUrlLifetime, cancellationToken);
        return (new TranscodeSource(assetId, outputs.S3Url(asset, assetId, VideoBucketLayout.SourceFile), fetch.Url), ReconcileResult.Done);
    }

    /// <summary>Whether the upload can get no file that will play: it expired without one, or its file was no video.</summary>
    private static bool Closed(VideoUpload upload, VideoAssetStatus status) =>
        upload.State == States.TimedOut || (upload.State == States.Received && status.Phase == VideoAssetPhase.Errored);

    private async Task<ReconcileResult> NewUploadAsync(VideoAsset asset, UploadSpec spec, VideoUpload? recorded, string? request, StatusDraft<VideoAssetStatus> draft, CancellationToken cancellationToken)
    {
        // Named by what asked for it, so a pass whose status write was lost makes the same upload again.
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{asset.Metadata.Uid}\n{asset.Metadata.Generation}\n{request}")))[..12];
        var assetId = AssetIdFor(asset, id);
        var lifetime = TimeSpan.FromSeconds(spec.TimeoutSeconds);
        var timesOut = draft.Now + (lifetime < S3Presigner.MaxLifetime ? lifetime : S3Presigner.MaxLifetime);
        var url = await PresignAsync(asset, assetId, timesOut, cancellationToken);
        var corsProblem = await cors.AllowAsync(asset, cancellationToken);

        // Parts of the upload this one replaces would never be completed now.
        await outputs.AbortUploadsAsync(asset, VideoBucketLayout.AssetFolder(asset), cancellationToken);
        draft.Update(s => AwsVideoHost.WithoutSource(s) with
        {
            Phase = VideoAssetPhase.WaitingForUpload,
            Upload = new VideoUpload { Id = id, State = States.Waiting, TimesOutAt = timesOut, Generation = asset.Metadata.Generation, Request = request },
            UploadUrl = url.Url,
            UploadUrlExpiresAt = url.Expires,
            AssetId = null,

            // Where the file goes: what the webhook service's uploads in parts write to.
            SourceUrl = outputs.S3Url(asset, assetId, VideoBucketLayout.SourceFile),
        });
        VideoAssetConditions.WaitingForUpload(draft, timesOut);
        var note = recorded is null ? $"Created direct upload {id}" : $"Created direct upload {id} in place of {recorded.Id}";
        draft.AfterWrite(async token =>
        {
            await RecordAsync(asset, EventType.Normal, "UploadCreated", $"{note}; PUT the file to status.uploadUrl before {VideoAssetConditions.Timestamp(timesOut)}", token);
            if (corsProblem is not null)
            {
                await RecordAsync(asset, EventType.Warning, "UploadCorsNotSet", corsProblem, token);
            }
        });
        return ReconcileResult.After(options.PollInterval);
    }

    /// <summary>
    /// No file yet: waiting, the URL renewed as the credentials allow, until the upload times out; then timed out
    /// (though a file that arrives after all is taken).
    /// </summary>
    private async Task<ReconcileResult> NotYetAsync(VideoAsset asset, string assetId, VideoUpload recorded, StatusDraft<VideoAssetStatus> draft, CancellationToken cancellationToken)
    {
        // An upload recorded before its timeout was, ends with its one URL.
        var timesOut = recorded.TimesOutAt ?? draft.Status.UploadUrlExpiresAt;
        if (recorded.State == States.Waiting && (timesOut is null || draft.Now < timesOut))
        {
            draft.Update(s => s with { Phase = VideoAssetPhase.WaitingForUpload });
            if (timesOut is { } until && draft.Status.UploadUrlExpiresAt is { } current && await presigner.OutlastsAsync(current, until, cancellationToken))
            {
                var renewed = await PresignAsync(asset, assetId, until, cancellationToken);
                draft.Update(s => s with { UploadUrl = renewed.Url, UploadUrlExpiresAt = renewed.Expires });
            }

            VideoAssetConditions.WaitingForUpload(draft, timesOut);
            return ReconcileResult.After(options.PollInterval);
        }

        var message = $"The upload timed out without a file. {VideoAssetConditions.NewUploadHint(asset)}";
        if (recorded.State != States.TimedOut)
        {
            draft.AfterWrite(async token => await RecordAsync(asset, EventType.Warning, "UploadTimedOut", message, token));
        }

        draft.Update(s => s with { Phase = VideoAssetPhase.WaitingForUpload, Upload = recorded with { State = States.TimedOut }, UploadUrl = null, UploadUrlExpiresAt = null });
        draft.Condition(VideoAssetConditions.Uploaded, false, "UploadTimedOut", message);
        draft.Condition(ConditionTypes.Ready, false, "UploadTimedOut", message);
        return ReconcileResult.After(options.ResyncInterval);
    }

    private Task<PresignedUrl> PresignAsync(VideoAsset asset, string assetId, DateTimeOffset until, CancellationToken cancellationToken) =>
        presigner.PresignAsync(Videos.Bucket!, outputs.KeyOf(asset, assetId, VideoBucketLayout.SourceFile), HttpVerb.PUT, until, cancellationToken);

    private Task RecordAsync(VideoAsset asset, string type, string reason, string note, CancellationToken cancellationToken) =>
        events.RecordAsync(AirwaveResources.VideoAssets, asset, type, reason, "Upload", note, cancellationToken);
}
