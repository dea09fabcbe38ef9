using System.Text.Json.Serialization;

namespace Airwave.Operator.Payloads;

/// <summary>The downstream integration's streaming event, e.g. <c>{"event_type": "stream_start", ...}</c>.</summary>
public sealed record StreamingEvent
{
    /// <summary><c>stream_created</c>, <c>stream_start</c>, <c>stream_stop</c>, ... (<see cref="StreamingEventTypes"/>).</summary>
    [JsonPropertyName("event_type")]
    public required string EventType { get; init; }

    [JsonPropertyName("timestamp")]
    public required DateTimeOffset Timestamp { get; init; }

    [JsonPropertyName("stream_data")]
    public required StreamMetadata StreamData { get; init; }

    [JsonPropertyName("session_id")]
    public string? SessionId { get; init; }
}
