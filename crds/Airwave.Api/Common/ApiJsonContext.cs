using System.Text.Json;
using System.Text.Json.Serialization;
using Airwave.Api.ArchiveSplits;
using Airwave.Api.LiveStreams;
using Airwave.Api.VideoAssets;
using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Api.Common;

/// <summary>
/// Source-generated JSON for the three kinds and their lists, in the wire format the CRDs declare, for the encrypted
/// content key seed a LiveStream's Secret holds, and for the viewer counts the operator reads.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(KubernetesTimeConverter)])]
[JsonSerializable(typeof(LiveStream))]
[JsonSerializable(typeof(ResourceList<LiveStream>))]
[JsonSerializable(typeof(VideoAsset))]
[JsonSerializable(typeof(ResourceList<VideoAsset>))]
[JsonSerializable(typeof(ArchiveSplit))]
[JsonSerializable(typeof(ResourceList<ArchiveSplit>))]
[JsonSerializable(typeof(KmsEncryptedSeed))]
[JsonSerializable(typeof(ViewerReport))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
