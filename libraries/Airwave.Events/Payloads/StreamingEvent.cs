using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Airwave.Events.CloudEvents;

namespace Airwave.Events.Payloads;

/// <summary>The downstream integration's streaming event, e.g. <c>{"event_type": "stream_start", ...}</c>.</summary>
public sealed record StreamingEvent : IEventPayload<StreamingEvent>
{
    public static JsonTypeInfo<StreamingEvent> JsonType => EventsJsonContext.Default.StreamingEvent;

    /// <summary><c>stream_created</c>, <c>stream_start</c>, <c>stream_stop</c>, ... (<see cref="StreamingEventTypes"/>).</summary>
    [JsonPropertyName("event_type")]
    public required string EventType { get; init; }

    [JsonPropertyName("timestamp")]
    public required DateTimeOffset Timestamp { get; init; }

    [JsonPropertyName("stream_data")]
    public required StreamMetadata StreamData { get; init; }

    [JsonPropertyName("session_id")]
    public string? SessionId { get; init; }

    /// <summary>
    /// A stop's: why the session ended, <c>requested</c>, <c>idle</c> (its input had no video for the stream's idle
    /// limit) or <c>quota_exceeded</c> (its namespace reached its monthly spend limit, which stops streams).
    /// </summary>
    [JsonPropertyName("stop_reason")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StopReason { get; init; }

    /// <summary>A view's: the viewer's browser or player.</summary>
    [JsonPropertyName("user_agent")]
    public string? UserAgent { get; init; }

    /// <summary>A view's: the viewer's address (truncated where the installation says so).</summary>
    [JsonPropertyName("ip_address")]
    public string? IpAddress { get; init; }

    /// <summary>A view through the embed script's: the site's id of the user watching, from their user token.</summary>
    [JsonPropertyName("viewer_user_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ViewerUserId { get; init; }
}
