using Airwave.Webhook.Limits;
using Microsoft.AspNetCore.Http;

namespace Airwave.Webhook.UploadPlayback;

/// <summary>
/// Playlist requests (uploaded, Signed video and Signed live playlists) per client address and second: a player
/// refreshes a live playlist once per segment and rendition, so a loop asking more cannot take the service, or the
/// API server and distribution behind it, from the others.
/// </summary>
public sealed class PlaylistLimiter(int perSecond) : KeyedRateLimiter(perSecond, TimeSpan.FromSeconds(1))
{
    /// <summary>The 429 for a request beyond the address's share; null when it may go on.</summary>
    public IResult? Refusal(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (TryAcquire(context.Connection.RemoteIpAddress?.ToString() ?? ""))
        {
            return null;
        }

        context.Response.Headers.RetryAfter = "1";
        return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", detail: $"This address made more than {Permits} playlist requests in a second; retry later.");
    }
}
