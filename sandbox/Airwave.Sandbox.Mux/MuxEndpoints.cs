using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Mux;

/// <summary>The routes of the Mux API the emulator serves, behind Mux's Basic authentication.</summary>
internal static class MuxEndpoints
{
    public static void Map(WebApplication app, MuxStore store, MuxEmulatorOptions options, Func<Uri> baseAddress)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.TokenId}:{options.TokenSecret}"));
        var api = app.MapGroup("").AddEndpointFilter(async (context, next) =>
        {
            try
            {
                if (context.HttpContext.Request.Headers.Authorization.ToString() != expected)
                {
                    throw MuxProblem.Unauthorized();
                }

                return await next(context);
            }
            catch (MuxProblem problem)
            {
                return problem.ToResult();
            }
        });

        api.MapPost("/video/v1/uploads", async (HttpRequest request) => MuxWire.Data(store.CreateUpload(await BodyAsync(request), baseAddress()), 201));
        api.MapGet("/video/v1/uploads/{id}", (string id) => MuxWire.Data(store.GetUpload(id)));
        api.MapGet("/video/v1/uploads", (HttpRequest request) => Results.Json(
            new { data = store.ListUploads(Number(request, "limit", 25), Number(request, "page", 1)) },
            MuxWire.Options));
        api.MapPut("/video/v1/uploads/{id}/cancel", (string id) => MuxWire.Data(store.CancelUpload(id)));

        api.MapPost("/video/v1/assets", async (HttpRequest request) => MuxWire.Data(store.CreateAsset(await BodyAsync(request)), 201));
        api.MapGet("/video/v1/assets/{id}", (string id) => MuxWire.Data(store.GetAsset(id)));
        api.MapGet("/video/v1/assets/{id}/input-info", (string id) => MuxWire.Data(store.GetInputInfo(id)));
        api.MapGet("/video/v1/assets", (HttpRequest request) =>
        {
            var (data, next) = store.ListAssets(Number(request, "limit", 25), request.Query["cursor"].ToString() is { Length: > 0 } cursor ? cursor : null, request.Query["upload_id"].ToString() is { Length: > 0 } upload ? upload : null);
            return Results.Json(new { data, next_cursor = next }, MuxWire.Options);
        });
        api.MapPatch("/video/v1/assets/{id}", async (string id, HttpRequest request) => MuxWire.Data(store.UpdateAsset(id, await BodyAsync(request))));
        api.MapDelete("/video/v1/assets/{id}", (string id) =>
        {
            store.DeleteAsset(id);
            return Results.NoContent();
        });
        api.MapPost("/video/v1/assets/{id}/playback-ids", async (string id, HttpRequest request) => MuxWire.Data(store.CreatePlaybackId(id, await BodyAsync(request)), 201));
        api.MapDelete("/video/v1/assets/{id}/playback-ids/{playbackId}", (string id, string playbackId) =>
        {
            store.DeletePlaybackId(id, playbackId);
            return Results.NoContent();
        });
        api.MapGet("/video/v1/playback-ids/{playbackId}", (string playbackId) => MuxWire.Data(store.GetPlaybackId(playbackId)));

        api.MapPost("/system/v1/signing-keys", () => MuxWire.Data(store.CreateSigningKey(), 201));
        api.MapGet("/system/v1/signing-keys/{id}", (string id) => MuxWire.Data(store.GetSigningKey(id)));
        api.MapDelete("/system/v1/signing-keys/{id}", (string id) =>
        {
            store.DeleteSigningKey(id);
            return Results.NoContent();
        });
    }

    /// <summary>A whole-number query parameter, or <paramref name="fallback"/> when it is absent.</summary>
    private static int Number(HttpRequest request, string name, int fallback) =>
        request.Query[name].ToString() is { Length: > 0 } text
            ? int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : throw MuxProblem.Invalid($"{name} must be a number")
            : fallback;

    /// <summary>The request's JSON object; an empty body is an empty object, anything else that is not an object is refused.</summary>
    private static async Task<JsonObject> BodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync();
        if (text.Trim().Length == 0)
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw MuxProblem.Invalid("The request body must be a JSON object");
        }
        catch (JsonException)
        {
            throw MuxProblem.Invalid("The request body is not valid JSON");
        }
    }
}
