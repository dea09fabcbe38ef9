using System.Text.Json;
using System.Text.Json.Serialization;

namespace Airwave.Mux.Http;

/// <summary>Mux's JSON: snake_case names, absent rather than null values.</summary>
internal static class MuxJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
