using Airwave.Sandbox.Aws.MediaPackage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Airwave.Sandbox.Aws.Media;

/// <summary>
/// MediaPackage origin endpoints' playback URLs (<c>/out/v1/{hash}/index.m3u8</c> and its segments), on the
/// emulator's port: what a player (ffplay, hls.js) fetches, directly or through CloudFront's edge. Unsigned, as
/// origins are.
/// </summary>
internal sealed class OriginServer(MediaPackageStore store, LiveOrigins origins, TimeProvider time)
{
    public const string PathPrefix = "/out/v1/";

    public void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet(PathPrefix + "{hash}/{file}", (string hash, string file, HttpContext context) => ServeAsync(hash, file, context));

    /// <summary>One file of an endpoint: its playlist, or one of the segments the playlist still lists.</summary>
    public async Task<IResult> ServeAsync(string hash, string file, HttpContext context)
    {
        // As MediaPackage's origins answer, so that players in web pages (hls.js) may fetch them.
        context.Response.Headers.AccessControlAllowOrigin = "*";
        if (store.FindEndpointByPath($"{PathPrefix}{hash}/") is not { } endpoint)
        {
            return Results.NotFound();
        }
        if (endpoint.Origination == "DENY")
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        if (origins.SourceOf(endpoint.ChannelId) is not { } source || !File.Exists(source.PlaylistPath))
        {
            return Results.NotFound();
        }
        var directory = source.Directory;
        var segments = OriginPlaylist.Parse(await File.ReadAllTextAsync(source.PlaylistPath, context.RequestAborted), File.GetLastWriteTimeUtc(source.PlaylistPath));
        if (file == $"{endpoint.ManifestName ?? "index"}.m3u8")
        {
            var playlist = OriginPlaylist.Build(segments, endpoint, time.GetUtcNow(), context.Request.Query["start"], context.Request.Query["end"]);
            return playlist is null ? Results.NotFound() : Results.Text(playlist, "application/x-mpegURL");
        }
        var path = Path.Combine(directory, file);
        return OriginPlaylist.Retained(segments, endpoint, time.GetUtcNow()).Any(s => s.Uri == file) && File.Exists(path)
            ? Results.Bytes(await File.ReadAllBytesAsync(path, context.RequestAborted), "video/MP2T")
            : Results.NotFound();
    }
}
