using System.Text.Json;
using System.Text.Json.Serialization;

namespace Airwave.Aws.Http;

/// <summary>
/// JSON settings of the rest-json services: members are the model's lowerCamelCase <c>locationName</c>s,
/// absent members are omitted, and enumerations are UPPER_SNAKE_CASE strings (<see cref="AwsEnumConverter"/>).
/// </summary>
public static class AwsJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Converters = { new AwsEnumConverter() },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
