using System.Text.Json;
using System.Text.Json.Nodes;
using Airwave.Events.CloudEvents;

namespace Airwave.Events.Delivery;

/// <summary>
/// Requests in <see cref="Sinks.EventFormat.Plain"/>: each event as the earlier integration's payload
/// (<see cref="PlainPayloads"/>), one JSON object per request when the sink sends events one at a time, a JSON array
/// of them otherwise.
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

            return (JsonSerializer.SerializeToUtf8Bytes(PlainPayloads.Of(events[0]), EventsJsonContext.Default.JsonNode), ContentType);
        }

        return (JsonSerializer.SerializeToUtf8Bytes(new JsonArray([.. events.Select(PlainPayloads.Of)]), EventsJsonContext.Default.JsonNode), ContentType);
    }
}
