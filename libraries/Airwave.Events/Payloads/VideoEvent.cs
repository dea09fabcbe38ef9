using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Airwave.Events.CloudEvents;

namespace Airwave.Events.Payloads;

/// <summary>The downstream integration's video event, e.g. <c>{"event_type": "video_ready", "video_data": {...}}</c>.</summary>
public sealed record VideoEvent : IEventPayload<VideoEvent>
{
    public static JsonTypeInfo<VideoEvent> JsonType => EventsJsonContext.Default.VideoEvent;

    /// <summary><c>video_created</c>, <c>video_ready</c>, <c>video_errored</c>, <c>video_deleted</c>, <c>video_viewed</c> (<see cref="VideoEventTypes"/>).</summary>
    [JsonPropertyName("event_type")]
    public required string EventType { get; init; }

    [JsonPropertyName("timestamp")]
    public required DateTimeOffset Timestamp { get; init; }

    [JsonPropertyName("video_data")]
    public required VideoData VideoData { get; init; }

    /// <summary>A view's: the player's session.</summary>
    [JsonPropertyName("session_id")]
    public string? SessionId { get; init; }

    /// <summary>A view's: the viewer's browser or player.</summary>
    [JsonPropertyName("user_agent")]
    public string? UserAgent { get; init; }

    /// <summary>A view's: the viewer's address (truncated where the installation says so).</summary>
    [JsonPropertyName("ip_address")]
    public string? IpAddress { get; init; }
}
