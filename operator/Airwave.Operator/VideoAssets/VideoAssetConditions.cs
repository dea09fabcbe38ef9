using Airwave.Api.VideoAssets;

namespace Airwave.Operator.VideoAssets;

/// <summary>The condition types, reasons and annotations of a VideoAsset.</summary>
public static class VideoAssetConditions
{
    /// <summary>The Ready condition's reason when the provider refused this generation's request: asked again only after a change.</summary>
    public const string ProviderRejected = "ProviderRejected";

    /// <summary>For direct uploads: True once the file arrived; False while the URL waits for it, or after it closed without one.</summary>
    public const string Uploaded = "Uploaded";

    /// <summary>Set (to any new value) to ask for a new upload after one timed out, was cancelled or failed.</summary>
    public const string NewUploadAnnotation = "media.airwave.dev/new-upload";

    /// <summary>The value of the new-upload annotation: a new value asks for a new upload URL.</summary>
    public static string? NewUploadRequest(VideoAsset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return asset.Metadata.Annotations?.GetValueOrDefault(NewUploadAnnotation);
    }
}
