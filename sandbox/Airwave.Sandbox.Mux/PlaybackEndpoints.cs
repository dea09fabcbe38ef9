using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Mux;

/// <summary>
/// What stream.mux.com and image.mux.com serve, under /stream and /image: `/stream/{playback_id}.m3u8` (a multivariant
/// playlist over the asset's HLS ladder) and `/image/{playback_id}/thumbnail.png|jpg` (`width`, `height`, `time`,
/// by default the middle of the video). A signed playback id answers 403 without a valid `token`; a signed
/// thumbnail takes its parameters from the token's claims, as Mux requires.
/// </summary>
internal static partial class PlaybackEndpoints
{
    public static void Map(WebApplication app, MuxStore store, TimeProvider time)
    {
        app.MapGet("/stream/{playlist}", async (string playlist, HttpRequest request) =>
        {
            // As stream.mux.com answers, so that players in web pages (hls.js) may fetch it.
            request.HttpContext.Response.Headers.AccessControlAllowOrigin = "*";
            var playbackId = playlist.EndsWith(".m3u8", StringComparison.Ordinal) ? playlist[..^".m3u8".Length] : null;
            if (playbackId is null || store.Playback(playbackId) is not { } target)
            {
                return Results.NotFound();
            }

            var token = request.Query["token"].ToString();
            if (!Allowed(target, token, playbackId, "v", store, time, out _))
            {
                return Forbidden();
            }

            // The ladder's multivariant playlist, its renditions under the playback id and carrying the token on.
            var master = await File.ReadAllLinesAsync(Path.Combine(target.HlsDirectory, MediaEncoder.MasterPlaylist));
            var lines = master.Select(line => line.Length > 0 && !line.StartsWith('#') ? $"{playbackId}/{line}{WithToken(token)}" : line);
            return Results.Text(string.Join('\n', lines) + "\n", "application/vnd.apple.mpegurl");
        });

        app.MapGet("/stream/{playbackId}/{name}", async (string playbackId, string name, HttpRequest request) =>
        {
            request.HttpContext.Response.Headers.AccessControlAllowOrigin = "*";
            if (!RenditionFile().IsMatch(name) || store.Playback(playbackId) is not { } target)
            {
                return Results.NotFound();
            }

            var token = request.Query["token"].ToString();
            if (!Allowed(target, token, playbackId, "v", store, time, out _))
            {
                return Forbidden();
            }

            var path = Path.Combine(target.HlsDirectory, name);
            if (!File.Exists(path))
            {
                return Results.NotFound();
            }

            if (name.EndsWith(".ts", StringComparison.Ordinal))
            {
                return Results.File(path, "video/mp2t");
            }

            // Segments carry the token on, as Mux's signed rendition URLs do.
            var lines = (await File.ReadAllLinesAsync(path)).Select(line => line.Length > 0 && !line.StartsWith('#') ? line + WithToken(token) : line);
            return Results.Text(string.Join('\n', lines) + "\n", "application/vnd.apple.mpegurl");
        });

        app.MapGet("/image/{playbackId}/{image}", async (string playbackId, string image, HttpRequest request, CancellationToken ct) =>
        {
            var format = image switch { "thumbnail.png" => "png", "thumbnail.jpg" => "jpg", _ => null };
            if (format is null || store.Playback(playbackId) is not { } target)
            {
                return Results.NotFound();
            }

            if (!Allowed(target, request.Query["token"].ToString(), playbackId, "t", store, time, out var claims))
            {
                return Forbidden();
            }

            string? Parameter(string name) => claims is not null ? claims[name]?.ToString() : request.Query[name].ToString() is { Length: > 0 } value ? value : null;
            var width = int.TryParse(Parameter("width"), NumberStyles.None, CultureInfo.InvariantCulture, out var w) ? w : (int?)null;
            var height = int.TryParse(Parameter("height"), NumberStyles.None, CultureInfo.InvariantCulture, out var h) ? h : (int?)null;
            var at = double.TryParse(Parameter("time"), NumberStyles.Float, CultureInfo.InvariantCulture, out var t) ? Math.Clamp(t, 0, target.Duration) : target.Duration / 2;
            var bytes = await MediaEncoder.ThumbnailAsync(target.Source, at, width, height, format, ct);
            return bytes is null ? Results.NotFound() : Results.File(bytes, format == "png" ? "image/png" : "image/jpeg");
        });
    }

    /// <summary>A public playback id plays for anyone; a signed one for a valid token of this audience, whose claims are returned.</summary>
    private static bool Allowed(PlaybackTarget target, string token, string playbackId, string audience, MuxStore store, TimeProvider time, out JsonObject? claims)
    {
        claims = null;
        if (target.Policy == "public")
        {
            return true;
        }

        claims = PlaybackTokens.Verify(token.Length == 0 ? null : token, playbackId, audience, store.PublicKey, time.GetUtcNow());
        return claims is not null;
    }

    private static string WithToken(string token) => token.Length == 0 ? "" : "?token=" + Uri.EscapeDataString(token);

    private static IResult Forbidden() => Results.Text("This playback id is signed: a valid token is required.", statusCode: 403);

    [GeneratedRegex(@"^rendition_\d(\.m3u8|_\d{3}\.ts)$")]
    private static partial Regex RenditionFile();
}
