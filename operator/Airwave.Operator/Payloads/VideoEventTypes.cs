using Airwave.Events;

namespace Airwave.Operator.Payloads;

/// <summary>The <c>event_type</c> values of <see cref="VideoEvent"/>, one per video transition.</summary>
public static class VideoEventTypes
{
    public static string For(string type) => type switch
    {
        EventTypes.VideoCreated => "video_created",
        EventTypes.VideoReady => "video_ready",
        EventTypes.VideoErrored => "video_errored",
        EventTypes.VideoDeleted => "video_deleted",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a video transition"),
    };
}
