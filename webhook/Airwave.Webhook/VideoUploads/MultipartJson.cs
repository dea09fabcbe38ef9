using System.Text.Json;
using System.Text.Json.Serialization;

namespace Airwave.Webhook.VideoUploads;

/// <summary>Multipart uploads' requests and answers, generated at build time (the webhook registers it for its answers).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PartUrlRequest))]
[JsonSerializable(typeof(CompleteRequest))]
[JsonSerializable(typeof(MultipartStartAnswer))]
[JsonSerializable(typeof(PartUrlsAnswer))]
[JsonSerializable(typeof(MultipartCompleteAnswer))]
public sealed partial class MultipartJson : JsonSerializerContext;
