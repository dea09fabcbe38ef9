using Airwave.Events;
using Airwave.Events.Payloads;

namespace Airwave.Webhook.Views;

/// <summary>What a view watches: a LiveStream, a VideoAsset, or an external stream URL, as its events describe it.</summary>
/// <param name="Kind"><see cref="ViewKinds"/>: the label views are counted under.</param>
/// <param name="Stream">A LiveStream's or an external stream's <c>stream_data</c>.</param>
/// <param name="Video">A VideoAsset's <c>video_data</c>.</param>
/// <param name="ContentSeconds">A video's duration: what a view's watch ratio is taken against.</param>
public sealed record ViewTarget(string Kind, ResourceReference Subject, StreamMetadata? Stream, VideoData? Video, double? ContentSeconds);

public static class ViewKinds
{
    public const string LiveStream = "LiveStream";
    public const string VideoAsset = "VideoAsset";
    public const string External = "External";
}
