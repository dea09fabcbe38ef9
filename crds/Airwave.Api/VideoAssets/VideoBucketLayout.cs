using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Api.VideoAssets;

/// <summary>
/// Where a VideoAsset on provider Aws keeps its files in the installation's video bucket, below the configured key
/// prefix. The operator writes there; the webhook service hands out upload URLs only inside an asset's own folder.
/// </summary>
public static class VideoBucketLayout
{
    /// <summary>In a source's folder, the file a direct upload puts.</summary>
    public const string SourceFile = "source";

    /// <summary>
    /// The folder of all of an asset's sources, <c>{namespace}/{name}-{uid}/</c>: its uid keeps a new asset of the
    /// same name apart from a retained one.
    /// </summary>
    public static string AssetFolder(KubernetesObject asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return $"{asset.Metadata.Namespace}/{asset.Metadata.Name}-{asset.Metadata.Uid![..8]}/";
    }
}
