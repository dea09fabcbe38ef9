using System.Text.Json.Serialization;

namespace Airwave.Webhook.StreamApi;

/// <summary>The stream API's answers, generated at build time (the webhook registers it for its answers); their names are on their properties.</summary>
[JsonSerializable(typeof(StartAnswer))]
[JsonSerializable(typeof(StopAnswer))]
public sealed partial class StreamApiJson : JsonSerializerContext;
