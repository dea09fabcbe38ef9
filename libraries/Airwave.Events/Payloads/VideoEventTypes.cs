namespace Airwave.Events.Payloads;

/// <summary>The <c>event_type</c> values of <see cref="VideoEvent"/>, one per video transition, and its views.</summary>
public static class VideoEventTypes
{
    public static string For(string type) => type switch
    {
        EventTypes.VideoCreated => "video_created",
        EventTypes.VideoReady => "video_ready",
        EventTypes.VideoErrored => "video_errored",
        EventTypes.VideoDeleted => "video_deleted",
        EventTypes.VideoViewed => "video_viewed",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a video transition"),
    };
}
