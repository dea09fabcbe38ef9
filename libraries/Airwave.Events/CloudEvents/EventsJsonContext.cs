using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Airwave.Events.Outbox;
using Airwave.Events.Payloads;

namespace Airwave.Events.CloudEvents;

/// <summary>
/// The JSON of events and their payloads, generated at build time. Payload records carry their own snake_case names;
/// absent values are left out. The primitive types are the values a CMCD report's keys may hold, which
/// <see cref="StreamPerformance.Cmcd"/> passes through as objects.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CloudEvent))]
[JsonSerializable(typeof(IReadOnlyList<CloudEvent>))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(OutboxEntry))]
[JsonSerializable(typeof(StreamingEvent))]
[JsonSerializable(typeof(VideoEvent))]
[JsonSerializable(typeof(SplitEvent))]
[JsonSerializable(typeof(AnalyticsReport))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(bool))]
internal sealed partial class EventsJsonContext : JsonSerializerContext;
