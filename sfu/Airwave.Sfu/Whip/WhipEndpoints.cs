using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Airwave.Sfu.Whip;

/// <summary>
/// WHIP (RFC 9725) on the pod's API port: POST /whip with an SDP offer and the publish key as bearer token answers 201
/// with the engine's SDP answer and the session's URL in Location; DELETE on that URL ends it. The engine's answer
/// carries all its candidates, so there is no trickle: PATCH is 405, as the RFC has it for a server without trickle.
/// </summary>
public static class WhipEndpoints
{
    public const string SdpType = "application/sdp";

    public static IEndpointConventionBuilder MapWhip(this IEndpointRouteBuilder app, string? publishKey)
    {
        var group = app.MapGroup("/whip");
        group.MapPost("", async (HttpRequest request, WhipSessions sessions, CancellationToken cancellationToken) =>
        {
            if (Unauthorized(request, publishKey) is { } refused)
            {
                return refused;
            }

            if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals(SdpType, StringComparison.OrdinalIgnoreCase))
            {
                return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Not an SDP offer", detail: $"Send the offer as {SdpType}.");
            }

            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var offer = await reader.ReadToEndAsync(cancellationToken);
            if (!offer.StartsWith("v=0", StringComparison.Ordinal))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not an SDP offer", detail: "The body is not a session description (it starts with v=0).");
            }

            var result = await sessions.PublishAsync(offer, cancellationToken);
            if (result is not { Session: { } session, Answer: { } answer })
            {
                return Results.Problem(statusCode: result.Status, title: result.Title, detail: result.Detail);
            }

            return new SdpAnswer($"/whip/{session}", answer);
        });
        group.MapDelete("/{session}", async (string session, HttpRequest request, WhipSessions sessions) =>
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

    /// <summary>201 with the answer as application/sdp and the session's URL.</summary>
    private sealed class SdpAnswer(string location, string sdp) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status201Created;
            httpContext.Response.Headers.Location = location;
            httpContext.Response.ContentType = SdpType;
            return httpContext.Response.WriteAsync(sdp, httpContext.RequestAborted);
        }
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
