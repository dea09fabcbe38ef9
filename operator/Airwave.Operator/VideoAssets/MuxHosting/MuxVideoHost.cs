using System.Net;
using Airwave.Api.Common;
using Airwave.Api.VideoAssets;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Events;
using Airwave.Mux;
using Airwave.Mux.Video;
using Airwave.Operator.Configuration;
using Airwave.Operator.Kubernetes;
using Airwave.Operator.Reconciliation;
using Airwave.Operator.Status;

namespace Airwave.Operator.VideoAssets.MuxHosting;

/// <summary>
/// Hosts VideoAssets with Mux: a direct upload whose URL is published in status (and a new one on request after it
/// closed without a file), or an asset Mux fetches from a URL or a clip; then follows the asset from `preparing` to
/// `ready` or `errored`, keeps one playback id of the spec's policy, and reports it all in status. Polling Mux is the
/// truth; provider callbacks only make the next look come sooner.
/// </summary>
public sealed class MuxVideoHost(
    MuxAccount mux,
    PlaybackSigningKey signingKey,
    LegacySigningKeySecrets legacySigningKeys,
    ArchiveClipSource clips,
    DirectUploads directUploads,
    MuxAssetTeardown teardown,
    EventRecorder events,
    OperatorOptions options) : IVideoHost
{
    public VideoProvider Provider => VideoProvider.Mux;

    public (string Reason, string Message)? CannotHost(VideoAsset asset) => mux.Client is null
        ? ("MuxNotConfigured", $"The operator has no Mux access token: ask its administrators to set {MuxSettings.TokenIdVariable} and {MuxSettings.TokenSecretVariable} (Helm value config.mux.credentialsSecret).")
        : null;

    public Task<ReconcileResult> ReconcileAsync(VideoAsset asset, StatusDraft<VideoAssetStatus> draft, CancellationToken cancellationToken) =>
        ReconcileSourceAsync(asset, mux.Client!, draft, cancellationToken);

    public Rejection? Rejects(Exception error) =>
        error is MuxApiException { StatusCode: HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity } refused
            ? new Rejection(VideoAssetConditions.ProviderRejected, $"Mux refused the request for this spec: {string.Join("; ", refused.Messages)}. Change the spec to try again.", RetryAfter: null)
            : null;

    public Task<TimeSpan?> TeardownAsync(VideoAsset asset, CancellationToken cancellationToken) => teardown.RunAsync(asset, cancellationToken);

    private async Task<ReconcileResult> ReconcileSourceAsync(VideoAsset owner, IMuxClient muxClient, StatusDraft<VideoAssetStatus> draft, CancellationToken cancellationToken)
    {
        var assets = new MuxAssetManager(muxClient);
        var status = draft.Status;
        var source = owner.Spec.Source;

        // What the provider fetches, for a url or a clip: what status.sourceUrl records, and the URL to fetch.
        (string Recorded, string Fetch)? fetch = source.Url is { } url ? (url, url) : null;
        var clip = source.ArchiveSplitRef is { } reference ? await clips.ResolveAsync(owner, reference, cancellationToken) : null;
        if (clip?.FetchUrl is { } clipUrl)
        {
            fetch = (clip.Clip!, clipUrl);
        }

        // While a direct upload is recorded, its asset is found through it; otherwise by id, or by passthrough
        // when a create was answered but never recorded.
        Asset? asset = null;
        var wentMissing = false;
        if (status.AssetId is not null || status.Upload is null)
        {
            var found = await assets.ReadOneAsync(status.AssetId, owner, cancellationToken);
            (asset, wentMissing) = (found.Resource, found.WentMissing);
        }

        if (asset is null && clip is { FetchUrl: null })
        {
            // Nothing to fetch yet. An asset made earlier is kept while its split is away or cutting again.
            return await clips.WaitAsync(owner, clip, draft, cancellationToken);
        }

        if (asset is not null && fetch is { } changed && status.SourceUrl is { } was && was != changed.Recorded)
        {
            asset = await ReplaceAsync(owner, assets, asset, changed.Recorded, changed.Fetch, draft, cancellationToken);
        }

        if (asset is null && fetch is { } created)
        {
            asset = await assets.CreateFromUrlAsync(created.Fetch, MuxAssetManager.SettingsFor(owner, mux.VideoQuality), cancellationToken);
            draft.Update(s => s with { AssetId = asset.Id, SourceUrl = created.Recorded });
            await CreatedAsync(owner, $"Mux asset {asset.Id} from {created.Recorded}", wentMissing, cancellationToken);
        }

        if (fetch is { } fetched && draft.Status.SourceUrl is null)
        {
            draft.Update(s => s with { SourceUrl = fetched.Recorded });
        }

        if (asset is null)
        {
            var upload = await directUploads.ReconcileAsync(owner, assets, new MuxUploadManager(muxClient), source.DirectUpload!, wentMissing, draft, cancellationToken);
            if (upload.Asset is null)
            {
                return upload.Result;
            }

            asset = upload.Asset;
        }

        return await ReconcileAssetAsync(owner, assets, asset, clip?.Size, draft, cancellationToken);
    }

    /// <summary>
    /// The source changed (spec.source.url, or the clip a split cut again): an asset of the new source takes the old
    /// one's place, which is then deleted. A replacement made before whose answer was lost is the newest asset of
    /// this VideoAsset, and is used rather than doubled.
    /// </summary>
    /// <param name="recorded">What status.sourceUrl records: the URL, or the clip's s3:// URL.</param>
    /// <param name="fetchUrl">What the provider fetches: the URL, or the clip's presigned URL.</param>
    private async Task<Asset> ReplaceAsync(VideoAsset owner, MuxAssetManager assets, Asset old, string recorded, string fetchUrl, StatusDraft<VideoAssetStatus> draft, CancellationToken cancellationToken)
    {
        var newest = await assets.FindAsync(owner, cancellationToken);
        var replacement = newest is not null && newest.Id != old.Id
            ? newest
            : await assets.CreateFromUrlAsync(fetchUrl, MuxAssetManager.SettingsFor(owner, mux.VideoQuality), cancellationToken);
        draft.Update(s => DirectUploads.WithoutAsset(s) with { AssetId = replacement.Id, SourceUrl = recorded });
        await assets.DeleteAsync(old.Id, cancellationToken);
        await RecordAsync(owner, EventType.Normal, "Replaced", "Update", $"The source changed: Mux asset {replacement.Id} fetches {recorded}, and {old.Id} is deleted", cancellationToken);
        return replacement;
    }

    /// <summary>
    /// A direct upload for the first time, or in place of one that <paramref name="ended"/> when the spec or the
    /// new-upload annotation asks again; its URL goes to status.
    /// </summary>
    /// <param name="inputBytes">The input file's size where Airwave knows it (a clip's); Mux does not tell it.</param>
    private async Task<ReconcileResult> ReconcileAssetAsync(VideoAsset owner, MuxAssetManager assets, Asset asset, long? inputBytes, StatusDraft<VideoAssetStatus> draft, CancellationToken cancellationToken)
    {
        draft.Update(s => s with
        {
            AssetId = asset.Id,
            UploadUrl = null,
            UploadUrlExpiresAt = null,
            Upload = s.Upload is null ? null : s.Upload with { State = MuxUploadManager.States.AssetCreated },
        });
        if (draft.Status.Upload is not null)
        {
            draft.Condition(VideoAssetConditions.Uploaded, true, "Received", $"The file arrived; it became Mux asset {asset.Id}.");
        }

        switch (asset.Status)
        {
            case MuxAssetManager.States.Ready:
                if (await assets.EnsureMetaAsync(asset, owner, cancellationToken))
                {
                    await RecordAsync(owner, EventType.Normal, "Updated", "Update", $"Title of Mux asset {asset.Id} set to \"{owner.Spec.Title}\"", cancellationToken);
                }

                var playback = await assets.EnsurePlaybackIdAsync(asset, owner.Spec.PlaybackPolicy, cancellationToken);

                // An asset's input never changes: read once, kept in status.
                var input = owner.Status?.Metadata?.Format is null ? await assets.ReadInputAsync(asset, cancellationToken) : null;
                var url = mux.Urls.Playback(playback.Id).ToString();
                draft.Update(s => s with
                {
                    Phase = VideoAssetPhase.Ready,
                    PlaybackId = playback.Id,
                    PlaybackUrl = url,
                    ThumbnailUrl = mux.Urls.Thumbnail(playback.Id).ToString(),
                    Metadata = AssetMetadata.Of(asset, input, s.Metadata, inputBytes),
                });
                var signed = playback.Policy == Mux.Video.PlaybackPolicy.Signed;
                if (signed)
                {
                    await EnsureSigningKeyAsync(owner, cancellationToken);
                }

                var how = signed ? $" with a playback token from the webhook service's POST /v1/playback-tokens" : "";
                draft.Condition(ConditionTypes.Ready, true, "Ready", $"Mux asset {asset.Id} plays at {url}{how}.");
                return ReconcileResult.After(options.ResyncInterval);
            case MuxAssetManager.States.Errored:
                var reasons = asset.Errors?.Messages is { Count: > 0 } messages ? string.Join("; ", messages) : asset.Errors?.Type ?? "Mux gave no reason";
                draft.Update(s => s with { Phase = VideoAssetPhase.Errored, PlaybackId = null, PlaybackUrl = null, ThumbnailUrl = null });
                draft.Condition(ConditionTypes.Ready, false, "AssetErrored", $"Mux could not process asset {asset.Id}: {reasons}");
                return ReconcileResult.After(options.ResyncInterval);
            default:
                draft.Update(s => s with { Phase = VideoAssetPhase.Preparing });
                draft.Condition(ConditionTypes.Ready, false, "Preparing", $"Mux is processing asset {asset.Id} ({asset.Status}).");
                return ReconcileResult.After(options.PollInterval);
        }
    }

    /// <summary>
    /// The installation's signing key, made or rotated as its Secret asks (said in an event on that Secret, where the
    /// platform team looks), and the namespace's key of earlier versions removed (said on the VideoAsset that caused it).
    /// </summary>
    private async Task EnsureSigningKeyAsync(VideoAsset owner, CancellationToken cancellationToken)
    {
        var key = await signingKey.EnsureAsync(cancellationToken);
        if (key is { Replaced: { } old, Written: { } rotated })
        {
            await events.RecordAsync(ResourceType.Secrets, rotated, EventType.Normal, "SigningKeyRotated", "Sign", $"Signing key {key.KeyId} replaced {old}, as the {PlaybackSigningSecret.RotateAnnotation} annotation asked; tokens {old} signed no longer play", cancellationToken);
        }
        else if (key is { Created: { } made, Written: { } stored })
        {
            await events.RecordAsync(ResourceType.Secrets, stored, EventType.Normal, "SigningKeyCreated", "Sign", $"Created signing key {made} for signed playback; tokens come from the webhook service's POST /v1/playback-tokens", cancellationToken);
        }

        if (await legacySigningKeys.RemoveAsync(owner.Metadata.Namespace!, cancellationToken))
        {
            await RecordAsync(owner, EventType.Normal, "LegacySigningKeyRemoved", "Sign", $"Deleted Secret {PlaybackSigningSecret.LegacyName}: this namespace no longer holds a signing key of its own; tokens come from the webhook service's POST /v1/playback-tokens. Tokens the old key signed play until they expire, or until the key is deleted at Mux.", cancellationToken);
        }
    }

    private async Task CreatedAsync(VideoAsset asset, string what, bool replacedMissing, CancellationToken cancellationToken)
    {
        if (replacedMissing)
        {
            await RecordAsync(asset, EventType.Warning, "Recreated", "Create", $"The Mux asset was deleted outside Airwave; created {what} in its place", cancellationToken);
        }
        else
        {
            await RecordAsync(asset, EventType.Normal, "Created", "Create", $"Created {what}", cancellationToken);
        }
    }

    private Task RecordAsync(VideoAsset asset, string type, string reason, string action, string note, CancellationToken cancellationToken) =>
        events.RecordAsync(AirwaveResources.VideoAssets, asset, type, reason, action, note, cancellationToken);
}
