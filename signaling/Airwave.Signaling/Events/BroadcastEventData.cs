using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Airwave.Events.Payloads;

namespace Airwave.Signaling.Events;

/// <summary>The data of <c>broadcast.started</c> and <c>broadcast.ended</c>.</summary>
public sealed record BroadcastEventData : IEventPayload<BroadcastEventData>
{
    public static JsonTypeInfo<BroadcastEventData> JsonType => BroadcastEventsJson.Default.BroadcastEventData;

    [JsonPropertyName("site_id")]
    public required string SiteId { get; init; }

    [JsonPropertyName("user_id")]
    public required string UserId { get; init; }

    [JsonPropertyName("session_id")]
    public required string SessionId { get; init; }

    [JsonPropertyName("started_at")]
    public required DateTimeOffset StartedAt { get; init; }

    [JsonPropertyName("ended_at")]
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary><c>ended</c>, <c>replaced</c> or <c>lost</c>, as in the protocol's <c>broadcast-ended</c>.</summary>
    [JsonPropertyName("end_reason")]
    public string? EndReason { get; init; }

    /// <summary>The time counted from heartbeats over the whole broadcast.</summary>
    [JsonPropertyName("broadcast_seconds")]
    public double? BroadcastSeconds { get; init; }
}
