using Airwave.Api.Common;
using Airwave.Api.VideoAssets;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Informers;
using Airwave.Webhook.Callbacks;
using Airwave.Webhook.PlaybackTokens;
using Microsoft.AspNetCore.Http;

namespace Airwave.Webhook.VideoUploads;

/// <summary>Where one VideoAsset's file goes in the video bucket, once the caller may put it there.</summary>
public sealed record UploadTarget(string Bucket, string Key, string SourceUrl);

/// <summary>
/// Who may upload a VideoAsset's file in parts, and where it goes: a caller whose Kubernetes bearer token the API server
/// accepts for this service and who may `update` the VideoAsset, for an asset on provider Aws whose upload waits for its
/// file. The key is the one the operator published in status.sourceUrl, and only if it lies in that asset's own folder
/// of the video bucket, so no status written elsewhere can point an upload at another asset's files.
/// </summary>
public sealed class UploadTargets(CallerReview callers, VideoUploadLimiter limiter, Informer<VideoAssetTrigger.VideoAssetRef> assets, VideoUploadSettings settings)
{
    /// <summary>The target, or the problem+json refusal to answer with.</summary>
    /// <param name="started">The upload began: it may be completed or aborted after its URL expired (the operator still takes a late file).</param>
    public async Task<(UploadTarget? Target, IResult? Refusal)> ResolveAsync(HttpRequest request, string ns, string name, bool started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (settings.Bucket is not { Length: > 0 } bucket)
        {
            return Refuse(StatusCodes.Status503ServiceUnavailable, "Not configured", "Uploads in parts go to the AWS video bucket, which this service has not been given (Helm value config.videoAssets.aws.bucket).");
        }

        var (caller, refusal) = await callers.AdmitAsync(request, limiter, "upload requests", cancellationToken);
        if (caller is null)
        {
            return (null, refusal);
        }

        if (!await callers.MayAsync(caller, "update", ApiGroup.Name, "videoassets", ns, name, cancellationToken))
        {
            return Refuse(StatusCodes.Status403Forbidden, "Forbidden", $"{caller.Username} may not update videoassets/{name} in namespace {ns}, as uploading its file needs.");
        }

        if (assets.Cache.Get(new ObjectKey(ns, name)) is not { } asset)
        {
            return Refuse(StatusCodes.Status404NotFound, "Not found", $"There is no VideoAsset {ns}/{name}.");
        }

        if (asset.Status?.Provider != "Aws")
        {
            return Refuse(StatusCodes.Status409Conflict, "Not on AWS", $"VideoAsset {ns}/{name} is not hosted on provider Aws; PUT its file to status.uploadUrl.");
        }

        var state = asset.Status.Upload?.State;
        if (state != "waiting" && !(started && state == "timed_out"))
        {
            return Refuse(StatusCodes.Status409Conflict, "Not waiting for a file", $"VideoAsset {ns}/{name} waits for no upload (its upload is {state ?? "not made"}); ask for a new one with the annotation media.airwave.dev/new-upload.");
        }

        var keyPrefix = asset.Status.PlaybackPolicy == nameof(PlaybackPolicy.Signed) ? settings.SignedKeyPrefix : settings.KeyPrefix;
        var folder = keyPrefix + VideoBucketLayout.AssetFolder(asset);
        if (asset.Status.SourceUrl is not { } sourceUrl
            || !sourceUrl.StartsWith($"s3://{bucket}/{folder}", StringComparison.Ordinal)
            || !sourceUrl.EndsWith("/" + VideoBucketLayout.SourceFile, StringComparison.Ordinal))
        {
            return Refuse(StatusCodes.Status409Conflict, "Not waiting for a file", $"VideoAsset {ns}/{name} has no place for its file in the video bucket yet.");
        }

        return (new UploadTarget(bucket, sourceUrl[$"s3://{bucket}/".Length..], sourceUrl), null);
    }

    private static (UploadTarget?, IResult?) Refuse(int status, string title, string detail) =>
        (null, Results.Problem(statusCode: status, title: title, detail: detail));
}
