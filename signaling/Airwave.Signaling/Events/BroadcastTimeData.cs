using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Airwave.Events.Payloads;

namespace Airwave.Signaling.Events;

/// <summary>The data of <c>broadcast.analytics</c>: the time one broadcast counted on one UTC day.</summary>
public sealed record BroadcastTimeData : IEventPayload<BroadcastTimeData>
{
    public static JsonTypeInfo<BroadcastTimeData> JsonType => BroadcastEventsJson.Default.BroadcastTimeData;

    [JsonPropertyName("site_id")]
    public required string SiteId { get; init; }

    [JsonPropertyName("user_id")]
    public required string UserId { get; init; }

    [JsonPropertyName("session_id")]
    public required string SessionId { get; init; }

    /// <summary>yyyy-MM-dd, UTC.</summary>
    [JsonPropertyName("day")]
    public required string Day { get; init; }

    [JsonPropertyName("broadcast_seconds")]
    public required double BroadcastSeconds { get; init; }
}
