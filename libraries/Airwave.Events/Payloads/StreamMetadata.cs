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

    /// <summary>Set for Chime streams: their meeting connector.</summary>
    [JsonPropertyName("connector")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ConnectorDetails? Connector { get; init; }
}

/// <summary>A Chime stream's meeting connector, as its status says.</summary>
public sealed record ConnectorDetails
{
    /// <summary>Starting, Connected or Failed.</summary>
    [JsonPropertyName("phase")]
    public required string Phase { get; init; }

    [JsonPropertyName("since")]
    public DateTimeOffset? Since { get; init; }

    [JsonPropertyName("restarts")]
    public int Restarts { get; init; }

    /// <summary>Why it failed: the last error it logged.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; init; }
}
