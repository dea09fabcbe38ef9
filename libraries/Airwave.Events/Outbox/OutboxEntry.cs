using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Airwave.Events.CloudEvents;

namespace Airwave.Events.Outbox;

/// <summary>One undelivered event as stored in an outbox ConfigMap, under its id.</summary>
/// <param name="Sequence">Publish order within the ConfigMap; a resource's events share a ConfigMap, so this orders them.</param>
/// <param name="Sinks">The sinks still to deliver to; the entry is removed when none is left.</param>
public sealed record OutboxEntry(
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("published")] DateTimeOffset Published,
    [property: JsonPropertyName("sinks")] IReadOnlyList<string> Sinks,
    [property: JsonPropertyName("event")] CloudEvent Event)
{
    public static JsonTypeInfo<OutboxEntry> JsonType => EventsJsonContext.Default.OutboxEntry;
}
