using System.Text.Json;
using System.Text.Json.Serialization;

namespace Airwave.Webhook.PlaybackTokens;

/// <summary>The token endpoint's request and answers, generated at build time (the webhook registers it for its answers).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PlaybackTokenRequest))]
[JsonSerializable(typeof(MuxVideoTokenAnswer))]
[JsonSerializable(typeof(IvsTokenAnswer))]
[JsonSerializable(typeof(WhepTokenAnswer))]
public sealed partial class PlaybackTokenJson : JsonSerializerContext;
