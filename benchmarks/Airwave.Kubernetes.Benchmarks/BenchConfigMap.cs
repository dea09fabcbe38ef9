using System.Text.Json;
using System.Text.Json.Serialization;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Serialization;

namespace Airwave.Kubernetes.Benchmarks;

public sealed record BenchConfigMap : KubernetesObject
{
    public IReadOnlyDictionary<string, string>? Data { get; init; }
}

/// <summary>Source-generated serialization for the benchmark's type, as the operator has for its own (ApiJsonContext).</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(KubernetesTimeConverter)])]
[JsonSerializable(typeof(BenchConfigMap))]
[JsonSerializable(typeof(ResourceList<BenchConfigMap>))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;

internal static class BenchJson
{
    public static JsonSerializerOptions Options { get; } = KubernetesJson.CreateOptions(BenchJsonContext.Default);
}
