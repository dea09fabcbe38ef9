using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Storage;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Kubernetes.Http;

/// <summary>
/// Writes JSON bodies and Status errors with the apiserver's content type and headers, each ended by a newline as
/// its JSON encoder ends them (clients that print an error's body, the Python client's, show it).
/// </summary>
internal static class JsonResponses
{
    public const string ContentType = "application/json";

    private static readonly byte[] Newline = "\n"u8.ToArray();

    public static async Task WriteAsync(HttpContext http, int statusCode, JsonNode body)
    {
        http.Response.StatusCode = statusCode;
        http.Response.ContentType = ContentType;
        await http.Response.WriteAsync(body.ToJsonString(WireJson.Options) + "\n", http.RequestAborted);
    }

    public static async Task WriteRawAsync(HttpContext http, int statusCode, byte[] body)
    {
        http.Response.StatusCode = statusCode;
        http.Response.ContentType = ContentType;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
        await http.Response.Body.WriteAsync(Newline, http.RequestAborted);
    }

    public static Task WriteErrorAsync(HttpContext http, ApiException error)
    {
        if (error.Details?.RetryAfterSeconds is { } retryAfter)
        {
            http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return WriteAsync(http, error.Code, error.ToStatus());
    }

    public static void AddWarnings(HttpContext http, IEnumerable<string> warnings)
    {
        foreach (var warning in warnings)
        {
            http.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }
    }
}
