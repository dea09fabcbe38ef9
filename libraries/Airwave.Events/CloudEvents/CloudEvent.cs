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

    /// <summary>
    /// Extension attribute of CloudEvents' distributed tracing: the W3C trace context of the reconcile or request that
    /// published the event, when it was part of a trace, so a receiver can continue that trace.
    /// </summary>
    [JsonPropertyName("traceparent")]
    public string? TraceParent { get; init; }

    /// <summary>Extension attribute: the W3C <c>tracestate</c> that came with <see cref="TraceParent"/>, if any.</summary>
    [JsonPropertyName("tracestate")]
    public string? TraceState { get; init; }

    [JsonPropertyName("data")]
    public JsonNode? Data { get; init; }
}
