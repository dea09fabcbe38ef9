using System.Text.Json;
using System.Text.Json.Serialization;
using Airwave.Events.Views;

namespace Airwave.Signaling.Connections;

/// <summary>What pages' frames carry as typed data (a view's events), generated at build time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(List<BeaconEvent>))]
internal sealed partial class FrameJson : JsonSerializerContext;
