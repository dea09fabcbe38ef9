using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Mux;

/// <summary>
/// The URL of a direct upload, which holds its own authority (no credentials, as Mux's signed storage URLs): one PUT
/// of the whole file, or chunks as the UpChunk library sends them (`Content-Range: bytes START-END/TOTAL`, answered
/// 308 with the `Range` received until the last one), with CORS for the upload's origin.
/// </summary>
internal static partial class DirectUploadEndpoints
{
    public static void Map(WebApplication app, MuxStore store)
    {
        app.MapMethods("/upload/{id}", ["OPTIONS"], (string id, HttpContext http) =>
        {
            AllowOrigin(store, id, http);
            http.Response.Headers.AccessControlAllowMethods = "PUT, OPTIONS";
            http.Response.Headers.AccessControlAllowHeaders = "Content-Type, Content-Range, Content-Length";
            http.Response.Headers.AccessControlMaxAge = "3600";
            return Results.NoContent();
        });

        app.MapPut("/upload/{id}", async (string id, HttpContext http) =>
        {
            AllowOrigin(store, id, http);
            if (store.UploadRefusal(id) is { } refusal)
            {
                return Results.Text(refusal.Message, statusCode: refusal.Status);
            }

            var range = http.Request.Headers.ContentRange.ToString();
            var file = store.UploadFile(id);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            if (range.Length == 0)
            {
                await using (var whole = File.Create(file))
                {
                    await http.Request.Body.CopyToAsync(whole, http.RequestAborted);
                }

                store.CompleteUpload(id);
                return Results.Ok();
            }

            var match = ContentRange().Match(range);
            if (!match.Success)
            {
                return Results.Text($"Content-Range {range} is not bytes START-END/TOTAL", statusCode: 400);
            }

            var start = long.Parse(match.Groups["start"].Value, CultureInfo.InvariantCulture);
            var end = long.Parse(match.Groups["end"].Value, CultureInfo.InvariantCulture);
            var total = long.Parse(match.Groups["total"].Value, CultureInfo.InvariantCulture);
            var received = File.Exists(file) ? new FileInfo(file).Length : 0;
            if (start != received || end < start || end >= total)
            {
                return Results.Text($"Content-Range {range} does not continue the {received} bytes received", statusCode: 400);
            }

            await using (var chunk = new FileStream(file, FileMode.Append))
            {
                await http.Request.Body.CopyToAsync(chunk, http.RequestAborted);
            }

            if (end + 1 < total)
            {
                http.Response.Headers["Range"] = $"bytes=0-{end}";
                return Results.StatusCode(308);
            }

            store.CompleteUpload(id);
            return Results.Ok();
        });
    }

    private static void AllowOrigin(MuxStore store, string id, HttpContext http)
    {
        var origin = http.Request.Headers.Origin.ToString();
        var allowed = store.CorsOrigin(id);
        if (origin.Length > 0 && (allowed == "*" || allowed == origin))
        {
            http.Response.Headers.AccessControlAllowOrigin = origin;
        }
    }

    [GeneratedRegex(@"^bytes (?<start>\d+)-(?<end>\d+)/(?<total>\d+)$")]
    private static partial Regex ContentRange();
}
