using System.Text.Json;
using System.Text.Json.Serialization;

namespace Airwave.Webhook.UploadPlayback;

/// <summary>Upload playback's answer, generated at build time (the webhook registers it for its answers).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(UploadTokenAnswer))]
public sealed partial class UploadPlaybackJson : JsonSerializerContext;
