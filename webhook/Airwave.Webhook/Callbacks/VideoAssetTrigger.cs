using System.Text.Json.Nodes;
using Airwave.Api.Common;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Informers;

namespace Airwave.Webhook.Callbacks;

/// <summary>
/// Has the operator reconcile a VideoAsset now rather than at its next poll: it sets the annotation
/// <see cref="Annotation"/> to the callback's event, and the change reaches the operator's watch at once. The
/// operator then asks Mux itself; the callback's content is never trusted as the asset's state.
/// </summary>
public sealed class VideoAssetTrigger(KubernetesClient client, Informer<VideoAssetTrigger.VideoAssetRef> videoAssets)
{
    public const string Annotation = "media.airwave.dev/provider-event";

    public static readonly ResourceType VideoAssets = new(ApiGroup.Name, ApiGroup.Version, "videoassets", "VideoAsset", Namespaced: true);

    /// <summary>The VideoAsset whose uid is <paramref name="uid"/>, if this installation has one.</summary>
    public VideoAssetRef? Find(string uid) => videoAssets.Cache.List().FirstOrDefault(a => a.Metadata.Uid == uid);

    /// <summary>Marks the VideoAsset with the event; false when it is gone meanwhile.</summary>
    public async Task<bool> TriggerAsync(VideoAssetRef asset, MuxCallback callback, CancellationToken cancellationToken)
    {
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["annotations"] = new JsonObject { [Annotation] = $"{callback.Type} {callback.Id}" },
            },
        };
        try
        {
            await client.PatchAsync<VideoAssetRef>(VideoAssets, asset.Metadata.Namespace, asset.Metadata.Name!, KubernetesPatch.Merge(patch), cancellationToken);
            return true;
        }
        catch (Kubernetes.Client.Errors.NotFoundException)
        {
            return false;
        }
    }

    /// <summary>What the webhook reads of a VideoAsset: its identity, its playback policy, and how it plays.</summary>
    public sealed record VideoAssetRef : KubernetesObject
    {
        public VideoAssetRefSpec? Spec { get; init; }

        public VideoAssetRefStatus? Status { get; init; }
    }

    public sealed record VideoAssetRefSpec(string? PlaybackPolicy);

    public sealed record VideoAssetRefStatus(string? Phase, string? PlaybackId, string? PlaybackUrl, string? ThumbnailUrl)
    {
        /// <summary>For uploads in parts to the AWS video bucket: who hosts it, and where its file goes.</summary>
        public string? Provider { get; init; }

        public string? SourceUrl { get; init; }

        /// <summary>Provider Aws: the playback policy the files are stored for, which picks their key prefix.</summary>
        public string? PlaybackPolicy { get; init; }

        /// <summary>Provider Aws: where the current source's files are, under the key prefix.</summary>
        public string? AssetId { get; init; }

        public VideoAssetRefUpload? Upload { get; init; }
    }

    public sealed record VideoAssetRefUpload(string? Id, string? State);
}
