using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Airwave.Events.Payloads;

namespace Airwave.Events.CloudEvents;

/// <summary>Converts <see cref="ResourceEvent"/>s to CloudEvents and writes them as one request body.</summary>
public static class CloudEventFormat
{
    public const string StructuredContentType = "application/cloudevents+json";
    public const string BatchContentType = "application/cloudevents-batch+json";

    /// <summary>How one event is written and read, in outboxes as on the wire.</summary>
    public static JsonTypeInfo<CloudEvent> EventJson => EventsJsonContext.Default.CloudEvent;

    /// <summary><paramref name="data"/> as a CloudEvent's data.</summary>
    public static JsonNode Data<T>(T data)
        where T : IEventPayload<T> =>
        JsonSerializer.SerializeToNode(data, T.JsonType)!;

    public static CloudEvent From(ResourceEvent resourceEvent)
    {
        ArgumentNullException.ThrowIfNull(resourceEvent);
        var subject = resourceEvent.Subject;
        return InCurrentTrace(new CloudEvent
        {
            Id = resourceEvent.Id,
            Source = subject.Path,
            Type = EventTypes.CloudEventPrefix + resourceEvent.Type,
            Subject = $"{subject.Namespace}/{subject.Name}",
            Time = resourceEvent.Time,
            ResourceUid = subject.Uid,
            Data = resourceEvent.Data,
        });
    }

    /// <summary><paramref name="cloudEvent"/> carrying the trace context of the span it is published in, when there is one.</summary>
    public static CloudEvent InCurrentTrace(CloudEvent cloudEvent) =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current
            ? cloudEvent with { TraceParent = current.Id, TraceState = current.TraceStateString }
            : cloudEvent;

    /// <summary>One event in structured mode when <paramref name="batched"/> is false, else a JSON array in batched mode.</summary>
    public static (byte[] Body, string ContentType) Encode(IReadOnlyList<CloudEvent> events, bool batched)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (!batched)
        {
            if (events.Count != 1)
            {
                throw new ArgumentException("structured mode carries exactly one event", nameof(events));
            }

            return (JsonSerializer.SerializeToUtf8Bytes(events[0], EventJson), StructuredContentType);
        }

        return (JsonSerializer.SerializeToUtf8Bytes(events, EventsJsonContext.Default.IReadOnlyListCloudEvent), BatchContentType);
    }
}
