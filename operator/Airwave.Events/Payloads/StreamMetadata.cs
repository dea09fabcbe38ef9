using System.Text.Json.Serialization;

namespace Airwave.Events.Payloads;

/// <summary>The stream as the downstream integration described it (its <c>stream_data</c>).</summary>
public sealed record StreamMetadata
{
    [JsonPropertyName("stream_id")]
    public required string StreamId { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("namespace")]
    public required string Namespace { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("state")]
    public string? State { get; init; }

    [JsonPropertyName("phase")]
    public string? Phase { get; init; }

    [JsonPropertyName("playback_url")]
    public string? PlaybackUrl { get; init; }

    [JsonPropertyName("live_url")]
    public string? LiveUrl { get; init; }

    /// <summary>Set for streams whose channel pulls a URL.</summary>
    [JsonPropertyName("external_stream")]
    public ExternalStreamDetails? ExternalStream { get; init; }
}
