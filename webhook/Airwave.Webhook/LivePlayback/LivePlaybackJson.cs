using System.Text.Json;
using System.Text.Json.Serialization;

namespace Airwave.Webhook.LivePlayback;

/// <summary>Signed live playback's answer, generated at build time (the webhook registers it for its answers).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SignedLiveTokenAnswer))]
public sealed partial class LivePlaybackJson : JsonSerializerContext;
