using System.Text.Json.Serialization;

namespace Airwave.Operator.Payloads;

/// <summary>Viewing analytics in the downstream integration's shape.</summary>
public sealed record AnalyticsReport
{
    [JsonPropertyName("stream_id")]
    public required string StreamId { get; init; }

    [JsonPropertyName("session_id")]
    public string? SessionId { get; init; }

    /// <summary>Seconds watched.</summary>
    [JsonPropertyName("view_duration")]
    public double ViewDuration { get; init; }

    [JsonPropertyName("buffering_events")]
    public int BufferingEvents { get; init; }

    [JsonPropertyName("quality_changes")]
    public int QualityChanges { get; init; }

    [JsonPropertyName("user_engagement")]
    public IReadOnlyDictionary<string, double>? UserEngagement { get; init; }
}
