using System.Text.Json;
using System.Text.Json.Serialization;

namespace Airwave.Aws.Tests.Cli;

/// <summary>
/// Our records as the CLI's --cli-input-json takes them: by member names, which are the records' property names, with
/// enums in the models' spelling.
/// </summary>
internal static class CliInputJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper) },
    };
}
