using System.Text.Json;
using System.Text.Json.Serialization;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Serialization;

namespace Airwave.Kubernetes.Tests.Support;

/// <summary>The test kinds' JSON, generated at build time as a program's own kinds are.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(TestObject))]
[JsonSerializable(typeof(ResourceList<TestObject>))]
[JsonSerializable(typeof(TestConfigMap))]
[JsonSerializable(typeof(ResourceList<TestConfigMap>))]
[JsonSerializable(typeof(RawObject))]
internal sealed partial class TestJsonContext : JsonSerializerContext;

internal static class TestJson
{
    public static JsonSerializerOptions Options { get; } = KubernetesJson.CreateOptions(TestJsonContext.Default);

    /// <summary>Client settings that read and write the test kinds.</summary>
    public static KubernetesClientOptions Client { get; } = new() { Json = Options };
}
