using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Airwave.Aws.Http;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Aws.Pipeline;

/// <summary>Reads rest-json request bodies and writes responses with the services' member names.</summary>
internal static class EmulatorJson
{
    /// <summary>
    /// The clients' settings (<see cref="AwsJson.Options"/>) over reflection: the emulator also writes its own records and
    /// anonymous error bodies, which no build-time context lists, and it is never compiled ahead of time.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new(AwsJson.Options)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(AwsJson.Options.TypeInfoResolver, new DefaultJsonTypeInfoResolver()),
    };

    public static async Task<T> ReadAsync<T>(HttpRequest request)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, Options, request.HttpContext.RequestAborted)
                ?? throw AwsApiException.BadRequest("The request body is empty.");
        }
        catch (JsonException error)
        {
            throw AwsApiException.BadRequest($"The request body is not valid: {error.Message}");
        }
    }

    public static IResult Write<T>(T body, int statusCode = StatusCodes.Status200OK) =>
        Results.Json(body, Options, "application/json", statusCode);
}
