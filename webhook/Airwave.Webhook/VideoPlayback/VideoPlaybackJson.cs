using System.Text.Json;
using System.Text.Json.Serialization;

namespace Airwave.Webhook.VideoPlayback;

/// <summary>Signed video playback's answer, generated at build time (the webhook registers it for its answers).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SignedVideoTokenAnswer))]
public sealed partial class VideoPlaybackJson : JsonSerializerContext;
