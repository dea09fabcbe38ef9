using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.Serialization;

/// <summary>Serializer settings that read and write objects the way the API server does.</summary>
public static class KubernetesJson
{
    /// <summary>This library's types only.</summary>
    public static JsonSerializerOptions Default { get; } = CreateOptions();

    /// <summary>
    /// Options that resolve the given source-generated contexts (e.g. the CRD types) first and this library's types
    /// next. Nothing is read by reflection, so the compiled-ahead-of-time operator behaves as tested: a type no context
    /// lists fails at its first use, naming the type. Enumerations are read and written as their names where each
    /// context says so (<c>UseStringEnumConverter</c>).
    /// </summary>
    public static JsonSerializerOptions CreateOptions(params IJsonTypeInfoResolver[] resolvers)
    {
        ArgumentNullException.ThrowIfNull(resolvers);
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = JsonTypeInfoResolver.Combine([.. resolvers, KubernetesJsonContext.Default]),
        };
        options.Converters.Add(new KubernetesTimeConverter());
        options.Converters.Add(new ObjectMetaConverter());
        options.MakeReadOnly();
        return options;
    }

    internal static JsonTypeInfo<T> TypeInfo<T>(this JsonSerializerOptions options) => (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
}
