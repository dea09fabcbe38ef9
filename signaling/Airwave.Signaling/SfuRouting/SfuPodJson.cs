using System.Text.Json;
using System.Text.Json.Serialization;

namespace Airwave.Signaling.SfuRouting;

/// <summary>What an SFU pod says of itself, generated at build time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SfuProxy.PodStatus))]
internal sealed partial class SfuPodJson : JsonSerializerContext;
