using System.Text;
using Airwave.Aws.Ivs;
using Airwave.Sandbox.Aws.CloudWatch;
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
/// the playlist hands the token on to its segments. Each segment served is video delivered to a viewer: its duration
/// is published as the channel's LiveDeliveredTime (seconds, by Channel: the channel's ID), as IVS publishes it.
/// </summary>
internal sealed class IvsPlayback(IvsStore store, IvsPlaybackKeys keys, LiveOrigins origins, MetricStore metrics, TimeProvider time)
{
    public const string PathPrefix = "api/video/v1/";

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/" + PathPrefix + "{file}", (string file, HttpContext context) => PlaylistAsync(file, context));
        routes.MapGet("/" + PathPrefix + "{name}/{segment}", (string name, string segment, HttpContext context) => SegmentAsync(name, segment, context));
    }

    private async Task<IResult> PlaylistAsync(string file, HttpContext context)
    {
        context.Response.Headers.AccessControlAllowOrigin = "*";
        if (!file.EndsWith(".m3u8", StringComparison.Ordinal))
        {
            return Results.NotFound();
        }

        var name = file[..^".m3u8".Length];
        if (Refusal(name, context) is { } refused)
        {
            return refused;
        }

        if (Live(name) is not var (_, source))
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

    private async Task<IResult> SegmentAsync(string name, string segment, HttpContext context)
    {
        context.Response.Headers.AccessControlAllowOrigin = "*";
        if (Refusal(name, context) is { } refused)
        {
            return refused;
        }

        if (Live(name) is not var (channel, source))
        {
            return Results.NotFound();
        }

        var playlist = OriginPlaylist.Parse(await File.ReadAllTextAsync(source.PlaylistPath, context.RequestAborted), File.GetLastWriteTimeUtc(source.PlaylistPath));
        var path = Path.Combine(source.Directory, segment);
        if (playlist.FirstOrDefault(s => s.Uri == segment) is not { } listed || !File.Exists(path))
        {
            return Results.NotFound();
        }

        var body = await File.ReadAllBytesAsync(path, context.RequestAborted);
        metrics.Record("AWS/IVS", "LiveDeliveredTime", new Dictionary<string, string> { ["Channel"] = Channel.IdOf(channel.Arn) }, time.GetUtcNow(), listed.Duration);
        return Results.Bytes(body, "video/MP2T");
    }

    /// <summary>403 for a private channel's request without a token that admits it; null when it may be served.</summary>
    private IResult? Refusal(string name, HttpContext context) =>
        store.FindByPlaybackName(name) is { Authorized: true } channel && !keys.AdmitsPlayback(channel.Arn, context.Request.Query["token"])
            ? Results.StatusCode(StatusCodes.Status403Forbidden)
            : null;

    /// <summary>The channel and its live playlist, while it is live.</summary>
    private (Channel Channel, LiveSource Source)? Live(string name)
    {
        if (store.FindByPlaybackName(name) is not { } channel || !store.IsLive(channel.Arn))
        {
            return null;
        }

        return origins.SourceOf(IvsMedia.OriginKey(name)) is { } source && File.Exists(source.PlaylistPath) ? (channel, source) : null;
    }
}
