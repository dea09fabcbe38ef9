using System.Text.Json;
using System.Text.Json.Serialization;

namespace Airwave.Media.Transcoding;

/// <summary>The plan, progress and report as JSON, the same on both sides of the Job.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TranscodePlan))]
[JsonSerializable(typeof(TranscodeProgress))]
[JsonSerializable(typeof(TranscodeReport))]
public sealed partial class TranscodeJson : JsonSerializerContext;
