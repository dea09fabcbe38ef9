using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Mux;

/// <summary>Mux's JSON: snake_case names, no nulls, and every answer in a `{"data": ...}` envelope.</summary>
internal static class MuxWire
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static IResult Data(object data, int status = 200) => Results.Json(new { data }, Options, statusCode: status);
}
