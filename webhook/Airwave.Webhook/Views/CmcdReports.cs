using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Airwave.Webhook.Views;

/// <summary>Gathers the CMCD keys a request carries: its <c>CMCD</c> query arguments, its CMCD-* headers and a JSON body (an object, or an array of them, later keys winning).</summary>
public static class CmcdReports
{
    /// <summary>Adds the request's keys to <paramref name="keys"/>; what is wrong, or null.</summary>
    public static string? Read(HttpRequest request, ReadOnlyMemory<byte> body, Dictionary<string, object> keys)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var text in request.Query["CMCD"].Concat(Cmcd.HeaderNames.SelectMany(h => request.Headers[h])))
        {
            if (!Cmcd.TryParse(text ?? "", keys, out var error))
            {
                return error;
            }
        }

        if (body.IsEmpty)
        {
            return null;
        }

        JsonElement json;
        try
        {
            json = JsonElement.Parse(body.Span);
        }
        catch (JsonException e)
        {
            return $"The body is not JSON: {e.Message}";
        }

        foreach (var report in json.ValueKind == JsonValueKind.Array ? json.EnumerateArray() : Enumerable.Repeat(json, 1))
        {
            if (!Cmcd.TryParse(report, keys, out var error))
            {
                return error;
            }
        }

        return null;
    }
}
