using System.Text.Json;
using System.Text.Json.Serialization;
using Airwave.Events.Views;

namespace Airwave.Webhook.Views;

/// <summary>Views' requests, beacons and answer, generated at build time (the webhook registers it for its answers).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(OpenViewRequest))]
[JsonSerializable(typeof(BeaconEvent))]
[JsonSerializable(typeof(List<BeaconEvent>))]
[JsonSerializable(typeof(OpenViewAnswer))]
public sealed partial class ViewJson : JsonSerializerContext;
