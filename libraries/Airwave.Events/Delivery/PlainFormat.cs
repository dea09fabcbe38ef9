using System.Text.Json;
using System.Text.Json.Nodes;
using Airwave.Events.CloudEvents;

namespace Airwave.Events.Delivery;

/// <summary>
/// Requests in <see cref="Sinks.EventFormat.Plain"/>: each event's payload (its CloudEvent's <c>data</c>) as it is,
/// one JSON object per request when the sink sends events one at a time, a JSON array of them otherwise. The
/// integration's payloads name their kind themselves (<c>event_type</c>, <c>analytics_type</c>); a payload it did not
/// have (a broadcast's) gets its event type as <c>event_type</c>, so a receiver can tell them apart without the envelope.
/// </summary>
public static class PlainFormat
{
    public const string ContentType = "application/json";

    public static (byte[] Body, string ContentType) Encode(IReadOnlyList<CloudEvent> events, bool batched)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (!batched)
        {
            if (events.Count != 1)
            {
                throw new ArgumentException("a single request carries exactly one event", nameof(events));
            }

            return (JsonSerializer.SerializeToUtf8Bytes(Payload(events[0])), ContentType);
        }

        return (JsonSerializer.SerializeToUtf8Bytes(new JsonArray([.. events.Select(Payload)])), ContentType);
    }

    private static JsonNode? Payload(CloudEvent cloudEvent)
    {
        var data = cloudEvent.Data?.DeepClone();
        if (data is JsonObject payload && !payload.ContainsKey("event_type") && !payload.ContainsKey("analytics_type"))
        {
            payload["event_type"] = cloudEvent.Type.StartsWith(EventTypes.CloudEventPrefix, StringComparison.Ordinal)
                ? cloudEvent.Type[EventTypes.CloudEventPrefix.Length..]
                : cloudEvent.Type;
        }

        return data;
    }
}
