using System.Text.Json.Serialization;

namespace Airwave.Signaling.Events;

/// <summary>The JSON of the broadcast events' data, generated at build time; absent values are left out, as in every event.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BroadcastEventData))]
[JsonSerializable(typeof(BroadcastTimeData))]
internal sealed partial class BroadcastEventsJson : JsonSerializerContext;
