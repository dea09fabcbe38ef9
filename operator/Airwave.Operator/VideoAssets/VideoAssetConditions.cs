using System.Globalization;
using Airwave.Api.Common;
using Airwave.Api.VideoAssets;
using Airwave.Operator.Status;

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

    /// <summary>
    /// On provider Aws, set (to any new value) to transcode a URL's or a clip's source again: after it failed because
    /// of something since put right at the source, say. The source's files are replaced once the new ones are made.
    /// </summary>
    public const string RetryAnnotation = "media.airwave.dev/retry";

    /// <summary>The value of the new-upload annotation: a new value asks for a new upload URL.</summary>
    public static string? NewUploadRequest(VideoAsset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return asset.Metadata.Annotations?.GetValueOrDefault(NewUploadAnnotation);
    }

    /// <summary>How a user asks for a new upload URL, for a message that ends with it.</summary>
    public static string NewUploadHint(VideoAsset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return $"For a new upload URL, change the spec or set the annotation {NewUploadAnnotation} to a new value: kubectl annotate videoasset {asset.Metadata.Name} {NewUploadAnnotation}=\"$(date +%s)\" --overwrite";
    }

    /// <summary>The conditions of an upload waiting for its file until <paramref name="expires"/>.</summary>
    public static void WaitingForUpload(StatusDraft<VideoAssetStatus> draft, DateTimeOffset? expires)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var until = expires is { } at ? $" until {Timestamp(at)}" : "";
        draft.Condition(Uploaded, false, "WaitingForUpload", $"Waiting for the file: PUT it to status.uploadUrl{until}.");
        draft.Condition(ConditionTypes.Ready, false, "WaitingForUpload", $"Waiting for the file at status.uploadUrl{until}.");
    }

    /// <summary>A time as the messages about uploads give it.</summary>
    public static string Timestamp(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
