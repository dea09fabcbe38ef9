using System.Security.Cryptography;
using System.Text;
using Airwave.Sfu.Http;
using Airwave.Sfu.Janus;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Airwave.Sfu.Whip;

/// <summary>
/// WHIP (RFC 9725) on the pod's API port: POST /whip with an SDP offer and the publish key as bearer token answers 201
/// with the engine's SDP answer and the session's URL in Location; DELETE on that URL ends it. The engine's answer
/// carries all its candidates, so there is no trickle: PATCH is 405, as the RFC has it for a server without trickle.
/// GET /whip says whether the stream's publisher is here, so that the signaling service sends viewers to this pod.
/// </summary>
public static class WhipEndpoints
{
    public static IEndpointConventionBuilder MapWhip(this IEndpointRouteBuilder app, string? publishKey)
    {
        var group = app.MapGroup("/whip");
        group.MapPost("", async (HttpRequest request, WhipPublishing publishing, CancellationToken cancellationToken) =>
        {
            if (Unauthorized(request, publishKey) is { } refused)
            {
                return refused;
            }

            var (offer, problem) = await SdpResults.ReadAsync(request, "offer", cancellationToken);
            return problem ?? SdpResults.From(await publishing.PublishAsync(offer!, cancellationToken), "/whip");
        });
        group.MapGet("", (WhipPublishing publishing) => Results.Json(new { publishing = publishing.IsPublishing }));
        group.MapDelete("/{session}", async (string session, HttpRequest request, EngineSessions sessions) =>
            Unauthorized(request, publishKey) ?? (await sessions.EndAsync(session)
                ? Results.Ok()
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such session", detail: "The WHIP session has ended, or never was.")));
        return group;
    }

    /// <summary>Null when the request carries the publish key as its bearer token; else why not, as 401 (or 403 when the pod takes no publisher).</summary>
    private static IResult? Unauthorized(HttpRequest request, string? publishKey)
    {
        if (publishKey is not { Length: > 0 })
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Publishing is off", detail: "This SFU pod has no publish key.");
        }

        var given = request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        return given.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given[Bearer.Length..].Trim()), Encoding.UTF8.GetBytes(publishKey))
            ? null
            : new Challenge();
    }

    /// <summary>401 with WWW-Authenticate: Bearer, as a WHIP client expects when its token is missing or wrong.</summary>
    private sealed class Challenge : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not authorized", detail: "Send the stream's publish key as the bearer token.").ExecuteAsync(httpContext);
        }
    }
}
