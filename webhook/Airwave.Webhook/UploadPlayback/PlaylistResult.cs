using Microsoft.AspNetCore.Http;

namespace Airwave.Webhook.UploadPlayback;

/// <summary>A playlist this service rewrote, never cached: a live one changes with every segment, and its links expire.</summary>
public sealed class PlaylistResult(string body) : IResult
{
    private const string PlaylistType = "application/vnd.apple.mpegurl";

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.Headers.CacheControl = "no-store";
        return Results.Text(body, PlaylistType).ExecuteAsync(httpContext);
    }
}
