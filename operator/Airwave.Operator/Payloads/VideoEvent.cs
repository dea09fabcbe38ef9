using System.Text.Json.Serialization;

namespace Airwave.Operator.Payloads;

/// <summary>The downstream integration's video event, e.g. <c>{"event_type": "video_ready", "video_data": {...}}</c>.</summary>
public sealed record VideoEvent
{
    /// <summary><c>video_created</c>, <c>video_ready</c>, <c>video_errored</c>, <c>video_deleted</c> (<see cref="VideoEventTypes"/>).</summary>
    [JsonPropertyName("event_type")]
    public required string EventType { get; init; }

    [JsonPropertyName("timestamp")]
    public required DateTimeOffset Timestamp { get; init; }

    [JsonPropertyName("video_data")]
    public required VideoData VideoData { get; init; }
}
