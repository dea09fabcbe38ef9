using System.Text.Json;
using System.Text.Json.Serialization;
using Airwave.Webhook.LivePlayback;
using Airwave.Webhook.UploadPlayback;
using Airwave.Webhook.VideoPlayback;

namespace Airwave.Webhook.PlaybackTokens;

/// <summary>
/// The token endpoint's request and every answer it gives, its own and those of the signed playback it hands over to,
/// generated at build time (the webhook registers it for its answers).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PlaybackTokenRequest))]
[JsonSerializable(typeof(MuxVideoTokenAnswer))]
[JsonSerializable(typeof(IvsTokenAnswer))]
[JsonSerializable(typeof(WhepTokenAnswer))]
[JsonSerializable(typeof(SignedVideoTokenAnswer))]
[JsonSerializable(typeof(SignedLiveTokenAnswer))]
[JsonSerializable(typeof(UploadTokenAnswer))]
public sealed partial class PlaybackTokenJson : JsonSerializerContext;
