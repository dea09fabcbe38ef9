using System.Text;
using Airwave.Sandbox.Aws.Media;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Airwave.Sandbox.Aws.Ivs;

/// <summary>
/// IVS playback URLs on the emulator's port, at the service's path (<c>/api/video/v1/{region}.{account}.channel.{id}.m3u8</c>):
/// the live playlist of what the channel's ingest receives, its segments under the channel's name. 404 while the
/// channel is offline, as the service answers; open to any origin, as the service's are. A private (authorized)
/// channel plays only with a valid playback token (<c>?token=</c>, see <see cref="PlaybackToken"/>), 403 without;
/// the playlist hands the token on to its segments.
/// </summary>
internal static class IvsPlayback
{
    public const string PathPrefix = "api/video/v1/";

    public static void Map(IEndpointRouteBuilder routes, IvsStore store, IvsPlaybackKeys keys, LiveOrigins origins)
    {
        routes.MapGet("/" + PathPrefix + "{file}", (string file, HttpContext context) => PlaylistAsync(store, keys, origins, file, context));
        routes.MapGet("/" + PathPrefix + "{name}/{segment}", (string name, string segment, HttpContext context) => SegmentAsync(store, keys, origins, name, segment, context));
    }

    private static async Task<IResult> PlaylistAsync(IvsStore store, IvsPlaybackKeys keys, LiveOrigins origins, string file, HttpContext context)
    {
        context.Response.Headers.AccessControlAllowOrigin = "*";
        if (!file.EndsWith(".m3u8", StringComparison.Ordinal))
        {
            return Results.NotFound();
        }

        var name = file[..^".m3u8".Length];
        if (Refusal(store, keys, name, context) is { } refused)
        {
            return refused;
        }

        if (Source(store, origins, name) is not { } source)
        {
            return Results.NotFound();
        }

        var token = context.Request.Query["token"].ToString();
        var suffix = token.Length > 0 ? $"?token={Uri.EscapeDataString(token)}" : "";
        var playlist = new StringBuilder();
        foreach (var line in (await File.ReadAllTextAsync(source.PlaylistPath, context.RequestAborted)).Split('\n'))
        {
            // Segments are named relative to the playlist; here they live under the channel's name.
            playlist.Append(line.Length > 0 && !line.StartsWith('#') ? $"{name}/{line}{suffix}" : line).Append('\n');
        }

        return Results.Text(playlist.ToString().TrimEnd('\n') + "\n", "application/x-mpegURL");
    }

    private static async Task<IResult> SegmentAsync(IvsStore store, IvsPlaybackKeys keys, LiveOrigins origins, string name, string segment, HttpContext context)
    {
        context.Response.Headers.AccessControlAllowOrigin = "*";
        if (Refusal(store, keys, name, context) is { } refused)
        {
            return refused;
        }

        if (Source(store, origins, name) is not { } source)
        {
            return Results.NotFound();
        }

        var listed = (await File.ReadAllLinesAsync(source.PlaylistPath, context.RequestAborted)).Contains(segment, StringComparer.Ordinal);
        var path = Path.Combine(source.Directory, segment);
        return listed && File.Exists(path)
            ? Results.Bytes(await File.ReadAllBytesAsync(path, context.RequestAborted), "video/MP2T")
            : Results.NotFound();
    }

    /// <summary>403 for a private channel's request without a token that admits it; null when it may be served.</summary>
    private static IResult? Refusal(IvsStore store, IvsPlaybackKeys keys, string name, HttpContext context) =>
        store.FindByPlaybackName(name) is { Authorized: true } channel && !keys.AdmitsPlayback(channel.Arn, context.Request.Query["token"])
            ? Results.StatusCode(StatusCodes.Status403Forbidden)
            : null;

    /// <summary>The channel's live playlist, while it is live.</summary>
    private static LiveSource? Source(IvsStore store, LiveOrigins origins, string name)
    {
        if (store.FindByPlaybackName(name) is not { } channel || !store.IsLive(channel.Arn))
        {
            return null;
        }

        return origins.SourceOf(IvsMedia.OriginKey(name)) is { } source && File.Exists(source.PlaylistPath) ? source : null;
    }
}
