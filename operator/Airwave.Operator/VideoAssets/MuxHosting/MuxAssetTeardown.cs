using Airwave.Api.Common;
using Airwave.Api.VideoAssets;
using Airwave.Kubernetes.Events;
using Airwave.Operator.Configuration;
using Airwave.Operator.Kubernetes;

namespace Airwave.Operator.VideoAssets.MuxHosting;

/// <summary>
/// Deletes a VideoAsset's Mux asset (or keeps it, with spec.deletionPolicy Retain) and closes an upload still waiting
/// for its file. An asset the status lost track of is found by its passthrough.
/// </summary>
public sealed class MuxAssetTeardown(MuxAccount mux, EventRecorder events, OperatorOptions options)
{
    /// <returns>Null once done (the finalizer may go), else when to try again.</returns>
    public async Task<TimeSpan?> RunAsync(VideoAsset asset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asset);
        if (mux.Client is not { } muxClient)
        {
            // The finalizer stays: releasing it would orphan an asset nobody could find again.
            await RecordAsync(asset, EventType.Warning, "MuxNotConfigured", $"The Mux asset cannot be deleted: the operator has no Mux access token ({MuxSettings.TokenIdVariable}, {MuxSettings.TokenSecretVariable}); deletion waits for one.", cancellationToken);
            return options.ResyncInterval;
        }

        var status = asset.Status;
        if (status?.Upload is { State: MuxUploadManager.States.Waiting } upload)
        {
            await new MuxUploadManager(muxClient).CancelAsync(upload.Id, cancellationToken);
        }

        var assets = new MuxAssetManager(muxClient);
        var assetId = status?.AssetId ?? (await assets.FindAsync(asset, cancellationToken))?.Id;
        if (assetId is null)
        {
            await RecordAsync(asset, EventType.Normal, "Deleted", "The VideoAsset had no Mux asset yet; nothing to delete at Mux", cancellationToken);
        }
        else if (asset.Spec.DeletionPolicy == DeletionPolicy.Retain)
        {
            await RecordAsync(asset, EventType.Normal, "Retained", $"Mux asset {assetId} is kept at Mux (spec.deletionPolicy Retain)", cancellationToken);
        }
        else
        {
            await assets.DeleteAsync(assetId, cancellationToken);
            await RecordAsync(asset, EventType.Normal, "Deleted", $"Deleted Mux asset {assetId}", cancellationToken);
        }

        return null;
    }

    private Task RecordAsync(VideoAsset asset, string type, string reason, string note, CancellationToken cancellationToken) =>
        events.RecordAsync(AirwaveResources.VideoAssets, asset, type, reason, "Delete", note, cancellationToken);
}
