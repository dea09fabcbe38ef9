using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Airwave.Events.CloudEvents;

/// <summary>A CloudEvents 1.0 event in the JSON format (structured mode).</summary>
public sealed record CloudEvent
{
    public const string SpecVersion1 = "1.0";

    [JsonPropertyName("specversion")]
    public string SpecVersion { get; init; } = SpecVersion1;

    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("source")]
    public required string Source { get; init; }

    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("subject")]
    public string? Subject { get; init; }

    [JsonPropertyName("time")]
    public required DateTimeOffset Time { get; init; }

    [JsonPropertyName("datacontenttype")]
    public string DataContentType { get; init; } = "application/json";

    /// <summary>Extension attribute: the uid of the resource, which its name does not identify across re-creation.</summary>
    [JsonPropertyName("resourceuid")]
    public string? ResourceUid { get; init; }

    [JsonPropertyName("data")]
    public JsonNode? Data { get; init; }
}
