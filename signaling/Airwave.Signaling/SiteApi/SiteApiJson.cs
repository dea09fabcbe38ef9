using System.Text.Json;
using System.Text.Json.Serialization;

namespace Airwave.Signaling.SiteApi;

/// <summary>The site API's answers and the types of its query parameters (for the OpenAPI document), generated at build time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(BroadcastView))]
[JsonSerializable(typeof(List<BroadcastView>))]
[JsonSerializable(typeof(TimeReport))]
[JsonSerializable(typeof(bool?))]
[JsonSerializable(typeof(int?))]
public sealed partial class SiteApiJson : JsonSerializerContext;
