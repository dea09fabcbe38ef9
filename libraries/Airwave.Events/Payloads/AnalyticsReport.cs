using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Airwave.Events.CloudEvents;

namespace Airwave.Events.Payloads;

/// <summary>
/// Analytics in the integration's shape: <c>{"stream_id", "timestamp", "analytics_type", "data"}</c>. At the end of
/// each view, <c>analytics_type</c> <see cref="StreamPerformanceType"/> with a <see cref="StreamPerformance"/>.
/// </summary>
public sealed record AnalyticsReport : IEventPayload<AnalyticsReport>
{
    public static JsonTypeInfo<AnalyticsReport> JsonType => EventsJsonContext.Default.AnalyticsReport;

    public const string StreamPerformanceType = "stream_performance";

    /// <summary>The LiveStream's or VideoAsset's uid, or an external stream's id.</summary>
    [JsonPropertyName("stream_id")]
    public required string StreamId { get; init; }

    [JsonPropertyName("timestamp")]
    public required DateTimeOffset Timestamp { get; init; }

    [JsonPropertyName("analytics_type")]
    public required string AnalyticsType { get; init; }

    [JsonPropertyName("data")]
    public required StreamPerformance Data { get; init; }
}
