using System.Text.Json;
using Airwave.Aws.Http;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Aws.Pipeline;

/// <summary>Reads rest-json request bodies and writes responses with the services' member names.</summary>
internal static class EmulatorJson
{
    public static async Task<T> ReadAsync<T>(HttpRequest request)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, AwsJson.Options, request.HttpContext.RequestAborted)
                ?? throw AwsApiException.BadRequest("The request body is empty.");
        }
        catch (JsonException error)
        {
            throw AwsApiException.BadRequest($"The request body is not valid: {error.Message}");
        }
    }

    public static IResult Write<T>(T body, int statusCode = StatusCodes.Status200OK) =>
        Results.Json(body, AwsJson.Options, "application/json", statusCode);
}
