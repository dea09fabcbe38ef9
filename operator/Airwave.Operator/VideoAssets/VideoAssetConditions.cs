namespace Airwave.Operator.VideoAssets;

/// <summary>The condition types, reasons and annotations of a VideoAsset.</summary>
public static class VideoAssetConditions
{

    /// <summary>For direct uploads: True once the file arrived; False while the URL waits for it, or after it closed without one.</summary>
    public const string Uploaded = "Uploaded";

    /// <summary>Set (to any new value) to ask for a new upload after one timed out, was cancelled or failed.</summary>
    public const string NewUploadAnnotation = "media.airwave.dev/new-upload";
}
