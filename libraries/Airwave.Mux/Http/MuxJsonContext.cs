using System.Text.Json;
using System.Text.Json.Serialization;
using Airwave.Mux.Signing;
using Airwave.Mux.Video;

namespace Airwave.Mux.Http;

/// <summary>Mux's JSON, generated at build time: snake_case names, absent rather than null values.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DirectUpload))]
[JsonSerializable(typeof(DirectUploadRequest))]
[JsonSerializable(typeof(List<DirectUpload>))]
[JsonSerializable(typeof(Asset))]
[JsonSerializable(typeof(AssetSettings))]
[JsonSerializable(typeof(AssetUpdate))]
[JsonSerializable(typeof(List<Asset>))]
[JsonSerializable(typeof(List<InputInfo>))]
[JsonSerializable(typeof(PlaybackId))]
[JsonSerializable(typeof(PlaybackIdRequest))]
[JsonSerializable(typeof(SigningKey))]
internal sealed partial class MuxJsonContext : JsonSerializerContext;

/// <summary>The body of a new playback id.</summary>
internal sealed record PlaybackIdRequest(string Policy);
