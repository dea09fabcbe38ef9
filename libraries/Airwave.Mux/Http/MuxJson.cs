using System.Text.Json.Serialization.Metadata;

namespace Airwave.Mux.Http;

/// <summary>Mux's JSON for each type the client reads or sends.</summary>
internal static class MuxJson
{
    /// <summary>The type's generated contract; a type this library does not know fails here, not in a request.</summary>
    public static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)TypeInfo(typeof(T));

    public static JsonTypeInfo TypeInfo(Type type) =>
        MuxJsonContext.Default.GetTypeInfo(type) ?? throw new NotSupportedException($"{type} is not a Mux API type this client reads or sends");
}
