using System.Text.Json.Serialization;
using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Webhook.Callbacks;

/// <summary>The JSON of the webhook's view of a VideoAsset, read by its informer, generated at build time.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(KubernetesTimeConverter)])]
[JsonSerializable(typeof(VideoAssetTrigger.VideoAssetRef))]
[JsonSerializable(typeof(ResourceList<VideoAssetTrigger.VideoAssetRef>))]
internal sealed partial class VideoAssetRefJson : JsonSerializerContext;
