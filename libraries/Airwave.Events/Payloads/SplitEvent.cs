using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Airwave.Events.CloudEvents;

namespace Airwave.Events.Payloads;

/// <summary>An ArchiveSplit's event, e.g. <c>{"event_type": "split_succeeded", "split_data": {...}}</c>, in the shape of the video events.</summary>
public sealed record SplitEvent : IEventPayload<SplitEvent>
{
    public static JsonTypeInfo<SplitEvent> JsonType => EventsJsonContext.Default.SplitEvent;

    /// <summary><c>split_section_succeeded</c>, <c>split_succeeded</c> or <c>split_failed</c> (<see cref="SplitEventTypes"/>).</summary>
    [JsonPropertyName("event_type")]
    public required string EventType { get; init; }

    [JsonPropertyName("timestamp")]
    public required DateTimeOffset Timestamp { get; init; }

    [JsonPropertyName("split_data")]
    public required SplitData SplitData { get; init; }
}

public sealed record SplitData
{
    /// <summary>The ArchiveSplit's uid.</summary>
    [JsonPropertyName("split_id")]
    public required string SplitId { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("namespace")]
    public required string Namespace { get; init; }

    [JsonPropertyName("stream_name")]
    public required string StreamName { get; init; }

    [JsonPropertyName("session_id")]
    public required string SessionId { get; init; }

    [JsonPropertyName("name_modifier")]
    public string? NameModifier { get; init; }

    /// <summary>Pending, Running, Succeeded or Failed.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>For split.section.succeeded, the section; otherwise all of them.</summary>
    [JsonPropertyName("sections")]
    public IReadOnlyList<SplitSectionData> Sections { get; init; } = [];

    [JsonPropertyName("error")]
    public string? Error { get; init; }
}

public sealed record SplitSectionData
{
    /// <summary>The section's place in the split, from 0; its clip is index_{modifier}_{index + 1}.mp4.</summary>
    [JsonPropertyName("index")]
    public required int Index { get; init; }

    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("start")]
    public double? Start { get; init; }

    [JsonPropertyName("end")]
    public double? End { get; init; }

    /// <summary>s3:// URL of the section's HLS playlist.</summary>
    [JsonPropertyName("playlist")]
    public string? Playlist { get; init; }

    /// <summary>s3:// URL of the MP4.</summary>
    [JsonPropertyName("output")]
    public string? Output { get; init; }

    [JsonPropertyName("duration")]
    public double? Duration { get; init; }

    [JsonPropertyName("file_size")]
    public long? FileSize { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }
}
